"""Conditional GET headers, shared by the GW2 API cache and the meta sources: a server that still has the
version we hold answers 304 with no body."""

from __future__ import annotations


def conditional_headers(etag: str | None, last_modified: str | None) -> dict[str, str]:
    """The request headers that ask "changed since?" for what the server told us last time."""
    headers = {}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    return headers

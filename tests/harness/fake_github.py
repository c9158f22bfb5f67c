"""A stand-in for GitHub serving a guide repository: the API endpoints the Discretize adapter uses and the
raw-file host, with ETags, 304s and rate limits as GitHub sends them.

The same responder serves an `httpx.MockTransport` (in-process tests) and a real HTTP server on 127.0.0.1
(`serve`, for the command line), so both paths see identical answers.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx

from tests.harness.loopback_http import serve_loopback_http

FIXTURES = Path(__file__).resolve().parent / "meta_fixtures" / "discretize-guides"
REPOSITORY = "discretize/discretize-guides"


def fixture_files() -> dict[str, str]:
    """The fixture guide repository: path → text."""
    return {
        str(path.relative_to(FIXTURES)): path.read_text("utf-8")
        for path in sorted(FIXTURES.rglob("*"))
        if path.is_file()
    }


def blob_sha(text: str) -> str:
    data = text.encode("utf-8")
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes


@dataclass
class FakeGitHub:
    files: dict[str, str] = field(default_factory=fixture_files)
    repository: str = REPOSITORY
    branch: str = "main"
    # When set, every API request is refused with 403 and this X-RateLimit-Reset (epoch seconds).
    rate_limited_until: int | None = None
    failing: int | None = None  # answer every request with this status
    truncated: bool = False
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)

    # -- content --------------------------------------------------------------------------------------
    @property
    def commit(self) -> str:
        digest = hashlib.sha1()
        for path, text in sorted(self.files.items()):
            digest.update(f"{path}\0{blob_sha(text)}\n".encode())
        return digest.hexdigest()

    def set(self, path: str, text: str) -> None:
        self.files[path] = text

    def remove(self, path: str) -> None:
        del self.files[path]

    def move(self, old: str, new: str) -> None:
        self.files[new] = self.files.pop(old)

    def paths_requested(self) -> list[str]:
        return [urlsplit(url).path for url, _headers in self.requests]

    def clear(self) -> None:
        self.requests.clear()

    # -- answers --------------------------------------------------------------------------------------
    def _json(self, data: Any, etag: str | None = None) -> Reply:
        headers = {"Content-Type": "application/json; charset=utf-8", "X-RateLimit-Remaining": "59"}
        if etag:
            headers["ETag"] = etag
        return Reply(200, headers, json.dumps(data).encode())

    def respond(self, url: str, headers: Mapping[str, str]) -> Reply:
        lowered = {k.lower(): v for k, v in headers.items()}
        self.requests.append((url, lowered))
        if self.failing is not None:
            return Reply(self.failing, {}, b"{}")
        path = urlsplit(url).path
        query = urlsplit(url).query
        repo = f"/repos/{self.repository}"
        if path.startswith(repo) and self.rate_limited_until is not None:
            return Reply(
                403,
                {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": str(self.rate_limited_until)},
                b'{"message": "API rate limit exceeded"}',
            )
        if path == repo:
            return self._json({"full_name": self.repository, "default_branch": self.branch})
        if path == f"{repo}/commits/{self.branch}":
            etag = f'W/"{self.commit}"'
            if lowered.get("if-none-match") == etag:
                return Reply(304, {"ETag": etag}, b"")
            return self._json({"sha": self.commit, "commit": {"tree": {"sha": "t" + self.commit[1:]}}}, etag)
        if path == f"{repo}/git/trees/{self.commit}" and "recursive=1" in query:
            tree: list[dict[str, object]] = [{"path": "README.md", "type": "blob", "sha": blob_sha("readme")}]
            folders = sorted({p.rsplit("/", 1)[0] for p in self.files})
            tree += [{"path": folder, "type": "tree", "sha": "0" * 40} for folder in folders]
            tree += [
                {"path": p, "mode": "100644", "type": "blob", "sha": blob_sha(t), "size": len(t)}
                for p, t in sorted(self.files.items())
            ]
            return self._json({"sha": self.commit, "tree": tree, "truncated": self.truncated})
        prefix = f"/{self.repository}/{self.commit}/"
        if path.startswith(prefix) and path[len(prefix) :] in self.files:
            text = self.files[path[len(prefix) :]]
            return Reply(200, {"Content-Type": "text/plain; charset=utf-8"}, text.encode())
        return Reply(404, {"Content-Type": "application/json"}, b'{"message": "Not Found"}')

    # -- transports -----------------------------------------------------------------------------------
    def _reply(self, request: httpx.Request) -> httpx.Response:
        reply = self.respond(str(request.url), dict(request.headers))
        return httpx.Response(reply.status, headers=reply.headers, content=reply.body)

    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self._reply)

    def serve(self) -> AbstractContextManager[str]:
        """A real HTTP server on 127.0.0.1 (API and raw files under the same root); yields its URL."""
        return serve_loopback_http(self._reply)

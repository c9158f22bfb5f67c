"""Polite HTTP for meta sources: conditional GETs (ETag / Last-Modified) and rate limits that say when to
come back.

A conditional GET that finds nothing new is answered 304 and costs the source (and, on GitHub, our rate
limit) next to nothing. A 403 or 429 carrying `X-RateLimit-Remaining: 0` and `X-RateLimit-Reset`, or a
`Retry-After`, becomes `SourceRateLimitedError` with the time to wait for.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from storage.conditional_get import conditional_headers
from storage.meta.source import SourceFormatError, SourceRateLimitedError, SourceUnavailableError

# Without a reset time, a refused request waits this long before the next try.
DEFAULT_WAIT = timedelta(minutes=15)


class NotFoundError(SourceFormatError):
    """The URL does not exist (a moved repository, a deleted file)."""


@dataclass(frozen=True, slots=True)
class Validators:
    """What the server said identifies the version we have; sent back to ask "changed since?"."""

    etag: str | None = None
    last_modified: str | None = None

    def headers(self) -> dict[str, str]:
        return conditional_headers(self.etag, self.last_modified)

    def to_json(self) -> dict[str, str]:
        return {k: v for k, v in (("etag", self.etag), ("last_modified", self.last_modified)) if v}

    @classmethod
    def from_json(cls, data: Any) -> Validators:
        if not isinstance(data, Mapping):
            return cls()
        return cls(etag=data.get("etag"), last_modified=data.get("last_modified"))


@dataclass(frozen=True, slots=True)
class Answer:
    status: int  # 200, or 304 (not modified)
    body: bytes
    validators: Validators

    @property
    def modified(self) -> bool:
        return self.status != 304

    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")


def _utcnow() -> datetime:
    return datetime.now(UTC)


def rate_limit_reset(response: httpx.Response, now: datetime) -> datetime | None:
    """When a refused request may be retried, if the response says it was a rate limit."""
    headers = response.headers
    if response.status_code not in (403, 429):
        return None
    retry_after = headers.get("Retry-After")
    if retry_after is not None and retry_after.strip().isdigit():
        return now + timedelta(seconds=int(retry_after))
    if headers.get("X-RateLimit-Remaining") == "0" or response.status_code == 429:
        reset = headers.get("X-RateLimit-Reset", "")
        if reset.strip().isdigit():
            return datetime.fromtimestamp(int(reset), UTC)
        return now + DEFAULT_WAIT
    return None


class ConditionalFetcher:
    """GETs for one poll of one source; counts its requests."""

    def __init__(
        self,
        http: httpx.AsyncClient,
        *,
        headers: Mapping[str, str] | None = None,
        clock: Callable[[], datetime] = _utcnow,
    ) -> None:
        self._http = http
        self._headers = dict(headers or {})
        self._clock = clock
        self.requests = 0

    async def get(
        self, url: str, validators: Validators | None = None, *, accept: str | None = None
    ) -> Answer:
        headers = {**self._headers, **(validators.headers() if validators else {})}
        if accept:
            headers["Accept"] = accept
        self.requests += 1
        try:
            response = await self._http.get(url, headers=headers)
        except httpx.TimeoutException:
            raise SourceUnavailableError(f"{_host(url)} did not answer in time") from None
        except httpx.HTTPError as error:
            raise SourceUnavailableError(f"{_host(url)} cannot be reached ({type(error).__name__})") from None
        status = response.status_code
        if status == 304:
            return Answer(304, b"", validators or Validators())
        reset = rate_limit_reset(response, self._clock())
        if reset is not None:
            raise SourceRateLimitedError(
                f"{_host(url)} rate limit reached; polling resumes at {reset:%Y-%m-%d %H:%M} UTC", reset
            )
        if status == 404:
            raise NotFoundError(f"{url} was not found (404)")
        if status == 401:
            raise SourceUnavailableError(f"{_host(url)} refused the credentials (401): check GITHUB_TOKEN")
        if status >= 500 or status == 403:
            raise SourceUnavailableError(f"{_host(url)} answered {status}")
        if status != 200:
            raise SourceFormatError(f"{url} answered {status}")
        return Answer(
            200,
            response.content,
            Validators(
                etag=response.headers.get("ETag"), last_modified=response.headers.get("Last-Modified")
            ),
        )


def _host(url: str) -> str:
    return httpx.URL(url).host or url

"""The GW2 API v2 client: one per process, rate limited, retrying, pinned schema, backed by the cache."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal, Protocol

import httpx
from pydantic import TypeAdapter

from storage.gw2api.answers import BUILD, checked
from storage.gw2api.cache import (
    CachedResponse,
    CacheKey,
    CacheMode,
    ResponseCache,
    canonical_params,
    freshness,
    key_fingerprint,
)
from storage.gw2api.clock import SYSTEM_CLOCK, Clock
from storage.gw2api.errors import (
    GW2APIError,
    GW2BadAnswer,
    GW2InvalidKey,
    GW2RateLimited,
    GW2Unavailable,
    error_for,
    error_text,
)
from storage.gw2api.limiter import TokenBucket
from storage.gw2api.retry import Retry, RetryPolicy, with_retries

log = logging.getLogger(__name__)

# Any version >= 2019-12-19 has professions.code, skills_by_palette, legends.code and build tabs;
# this is the one most current clients pin.
SCHEMA_VERSION = "2022-03-23T19:00:00.000Z"
_ANSWERED = frozenset({200, 206, 304})

ResponseSource = Literal["api", "cache", "revalidated", "stale"]


@dataclass(frozen=True, slots=True)
class APIResponse:
    """A parsed answer. `source` says where it came from; `stale` answers stand in for `error`."""

    data: Any
    status: int
    fetched_at: datetime
    age: timedelta
    source: ResponseSource
    error: GW2APIError | None = None

    @property
    def stale(self) -> bool:
        return self.source == "stale"


class GW2APISettings(Protocol):
    """The settings the client reads (bot.settings.Settings has them all)."""

    @property
    def gw2_api_base_url(self) -> str: ...

    @property
    def gw2_api_language(self) -> str: ...

    @property
    def gw2_api_burst(self) -> int: ...

    @property
    def gw2_api_refill_per_second(self) -> float: ...

    @property
    def gw2_api_max_concurrent(self) -> int: ...

    @property
    def gw2_api_retries(self) -> int: ...


class GW2Client:
    def __init__(
        self,
        http: httpx.AsyncClient,
        *,
        base_url: str,
        language: str,
        limiter: TokenBucket,
        max_concurrent: int = 8,
        retry: RetryPolicy | None = None,
        cache: ResponseCache | None = None,
        clock: Clock = SYSTEM_CLOCK,
        schema_version: str = SCHEMA_VERSION,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.language = language
        self.schema_version = schema_version
        self.limiter = limiter
        self.retry = retry or RetryPolicy()
        self.cache = cache
        self._http = http
        self._clock = clock
        self._slots = asyncio.Semaphore(max_concurrent)

    @classmethod
    def from_settings(
        cls,
        settings: GW2APISettings,
        http: httpx.AsyncClient,
        *,
        cache: ResponseCache | None,
        clock: Clock = SYSTEM_CLOCK,
    ) -> GW2Client:
        return cls(
            http,
            base_url=settings.gw2_api_base_url,
            language=settings.gw2_api_language,
            limiter=TokenBucket(settings.gw2_api_burst, settings.gw2_api_refill_per_second, clock=clock),
            max_concurrent=settings.gw2_api_max_concurrent,
            retry=RetryPolicy(retries=settings.gw2_api_retries),
            cache=cache,
            clock=clock,
        )

    async def get(
        self,
        path: str,
        params: Mapping[str, str | int] | None = None,
        *,
        api_key: str | None = None,
        cache: CacheMode = "use",
        allow_stale: bool = True,
        shape: TypeAdapter[Any] | None = None,
    ) -> APIResponse:
        """GET `path` (e.g. "/v2/traits"); raises a `GW2APIError` subclass when it cannot answer.

        With a cache, a transient failure (outage, rate limit, API disabled) is answered from the last cached
        body when `allow_stale` is set, marked `stale` with its age; answers such as "not found" or
        "invalid key" are never masked. With a `shape` (see `storage.gw2api.answers`), `data` is the answer
        validated against it, and an answer of another shape raises `GW2BadAnswer` and is not cached.
        """
        query = {name: str(value) for name, value in (params or {}).items()}
        key = CacheKey(
            path,
            canonical_params(query),
            self.language,
            self.schema_version,
            key_fingerprint(api_key) if api_key else None,
        )
        store = self.cache if cache != "bypass" else None
        cached = await store.get(key) if store is not None else None
        now = self._clock.now()
        if cached is not None and shape is not None:
            try:
                cached = cached.with_data(checked(shape, cached.data, path=path, status=cached.status))
            except GW2BadAnswer:
                cached = None  # stored by a version that did not check; fetch it again
        if cached is not None and cache == "use" and cached.is_fresh(now):
            return APIResponse(
                cached.data, cached.status, cached.fetched_at, now - cached.fetched_at, "cache"
            )
        try:
            response, data = await self._send(path, query, api_key, cached)
        except GW2APIError as error:
            if cached is not None and allow_stale and error.transient:
                age = self._clock.now() - cached.fetched_at
                log.warning("Serving %s from the cache (%s old): %s", path, age, error)
                return APIResponse(cached.data, cached.status, cached.fetched_at, age, "stale", error)
            raise
        if shape is not None and response.status_code != 304:
            data = checked(shape, data, path=path, status=response.status_code)
        now = self._clock.now()
        fresh = freshness(response.headers, now)
        if response.status_code == 304 and store is not None and cached is not None:
            await store.revalidated(key, fetched_at=now, expires_at=fresh.expires_at)
            return APIResponse(cached.data, cached.status, now, timedelta(0), "revalidated")
        if store is not None and fresh.storable:
            await store.put(
                key,
                raw_body=response.content,
                status=response.status_code,
                fetched_at=now,
                expires_at=fresh.expires_at,
                etag=response.headers.get("etag"),
                last_modified=response.headers.get("last-modified"),
            )
        return APIResponse(data, response.status_code, now, timedelta(0), "api")

    async def build_id(self) -> int:
        """The game build `/v2/build` reports (uncached; it has been stuck at 115267 for years at times)."""
        response = await self.get("/v2/build", cache="bypass", shape=BUILD)
        return int(response.data.id)

    async def _send(
        self, path: str, query: dict[str, str], api_key: str | None, cached: CachedResponse | None
    ) -> tuple[httpx.Response, Any]:
        url = f"{self.base_url}{path}"
        params = {**query, "lang": self.language}
        headers = {"X-Schema-Version": self.schema_version, "Accept": "application/json"}
        if cached is not None:
            headers.update(cached.validators())
        if api_key:
            headers["Authorization"] = f"Bearer {api_key}"

        async def once() -> tuple[httpx.Response, Any]:
            try:
                async with self._slots:
                    # The token is taken right before sending, so the API sees our pace, not our queue.
                    await self.limiter.acquire()
                    response = await self._http.get(url, params=params, headers=headers)
            except httpx.TimeoutException as exc:
                raise GW2Unavailable(f"timed out ({type(exc).__name__})", path=path) from exc
            except httpx.TransportError as exc:
                raise GW2Unavailable(f"connection failed ({type(exc).__name__}: {exc})", path=path) from exc
            if response.status_code in _ANSWERED:
                return response, _parse(response, path)
            error = error_for(
                response.status_code,
                error_text(response.content, response.headers.get("content-type", "")),
                path=path,
            )
            error.retry_after = _retry_after(response)
            if isinstance(error, GW2RateLimited):
                self.limiter.drain()
            raise error

        def worth_retrying(error: Exception) -> Retry | None:
            if not isinstance(error, GW2APIError):
                return None
            if error.transient:
                return Retry("outage", self.retry.retries, error.retry_after)
            if isinstance(error, GW2InvalidKey) and error.status == 400 and api_key:
                return Retry("invalid key", self.retry.invalid_key_retries)
            return None

        return await with_retries(
            once, policy=self.retry, clock=self._clock, retry=worth_retrying, what=f"GW2 API {path}"
        )


def _parse(response: httpx.Response, path: str) -> Any:
    if response.status_code == 304:
        return None
    try:
        return json.loads(response.content)
    except ValueError:
        # A maintenance page or a cut-off body: an outage, not data.
        raise GW2Unavailable("the answer is not JSON", status=response.status_code, path=path) from None


def _retry_after(response: httpx.Response) -> float | None:
    try:
        return float(response.headers["retry-after"])
    except (KeyError, ValueError):
        return None

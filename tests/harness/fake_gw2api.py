"""A local fake of the GW2 API v2 serving excerpts of real payloads, with the API's quirks on demand.

Use it in-process (`api.transport()` for an httpx client) or over real sockets (`serve_loopback(api)`, for
code that builds its own client, such as the `gw2opt` command line). It answers like the real API: `ids=all`,
batches of at most 200 ids with 206 partial content (or, in `partial="404"` mode, the past regression that
answers 404 "all ids provided are invalid" when one id is bad), `Cache-Control`/`ETag`/`Last-Modified` with
304 on conditional requests, schema-dependent fields, a per-IP token bucket (with a fake clock) and keyed
endpoints. Failures are scripted with `fail()`; `disabled` makes every route answer 503 "API not active".
"""

from __future__ import annotations

import asyncio
import copy
import hashlib
import json
import threading
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime, parsedate_to_datetime
from pathlib import Path
from typing import Any, Literal

import httpx

from tests.harness.loopback_http import serve_loopback_http

FIXTURES = Path(__file__).resolve().parent / "gw2api_fixtures"
ENDPOINTS = ("professions", "specializations", "traits", "skills", "legends", "pets", "itemstats")
IDS_ALL = frozenset(ENDPOINTS)
MAX_IDS = 200
# Fields that exist only from schema 2019-12-19 on.
SCHEMA_FIELDS = {"professions": ("code", "skills_by_palette"), "legends": ("code",)}
SCHEMA_CUTOFF = "2019-12-19T00:00:00.000Z"
START = datetime(2025, 12, 1, 12, 0, tzinfo=UTC)


class FakeClock:
    """Monotonic and wall time that only move when someone sleeps (or the test advances them)."""

    def __init__(self, start: datetime = START) -> None:
        self.start = start
        self.elapsed = 0.0
        self.sleeps: list[float] = []

    def monotonic(self) -> float:
        return self.elapsed

    def now(self) -> datetime:
        return self.start + timedelta(seconds=self.elapsed)

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.elapsed += max(0.0, seconds)
        await asyncio.sleep(0)

    def advance(self, seconds: float) -> None:
        self.elapsed += seconds


@dataclass
class Fault:
    """A scripted failure for requests whose path starts with `path` ("" = any)."""

    path: str
    status: int = 500
    body: bytes = b""
    content_type: str = "application/json; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    error: type[httpx.TransportError] | None = None
    times: int = 1


def fixture(name: str) -> Any:
    return json.loads((FIXTURES / f"{name}.json").read_text("utf-8"))


def json_body(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False).encode("utf-8")


class FakeGW2API:
    def __init__(
        self,
        *,
        clock: FakeClock | None = None,
        rate_limit: tuple[int, float] | None = None,
        max_age: int = 300,
        partial: Literal["206", "404"] = "206",
    ) -> None:
        self.clock = clock or FakeClock()
        self.build_id: int = int(fixture("build")["id"])
        self.data: dict[str, dict[str, dict[str, Any]]] = {
            name: {str(obj["id"]): obj for obj in fixture(name)} for name in ENDPOINTS
        }
        self.ids_all = set(IDS_ALL)
        self.max_age = max_age
        self.partial = partial
        self.disabled = False
        self.etags = True
        self.last_modified = True
        self.keys: dict[str, tuple[str, ...]] = {}
        self.faults: list[Fault] = []
        self.requests: list[httpx.Request] = []
        self.in_flight = 0
        self.max_in_flight = 0
        self.version = 1
        self._bucket: tuple[int, float] | None = rate_limit
        self._tokens = float(rate_limit[0]) if rate_limit else 0.0
        self._bucket_time = self.clock.monotonic()
        self._lock = threading.Lock()

    # -- changing what it serves --------------------------------------------------------------------------

    def release(self, build_id: int) -> None:
        """A new game build: `/v2/build` reports it, and the data counts as changed (new validators)."""
        self.build_id = build_id
        self.version += 1

    def put(self, endpoint: str, obj: dict[str, Any]) -> None:
        self.data.setdefault(endpoint, {})[str(obj["id"])] = obj
        self.version += 1

    def remove(self, endpoint: str, obj_id: int | str) -> None:
        del self.data[endpoint][str(obj_id)]
        self.version += 1

    def fail(self, path: str = "", status: int = 500, body: Any = None, *, times: int = 1, **kw: Any) -> None:
        """Script `times` failures: a status with a JSON (dict) or raw (bytes/str) body, or `error=`."""
        raw = body.encode() if isinstance(body, str) else body if isinstance(body, bytes) else json_body(body)
        self.faults.append(Fault(path, status, raw if body is not None else b"", times=times, **kw))

    # -- transports ---------------------------------------------------------------------------------------

    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self.handle)

    async def handle(self, request: httpx.Request) -> httpx.Response:
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            # Let other requests start so that concurrency is visible.
            for _ in range(3):
                await asyncio.sleep(0)
            return self.respond(request)
        finally:
            self.in_flight -= 1

    def paths(self) -> list[str]:
        return [r.url.path for r in self.requests]

    # -- the API ------------------------------------------------------------------------------------------

    def respond(self, request: httpx.Request) -> httpx.Response:
        with self._lock:
            self.requests.append(request)
            path = request.url.path
            fault = next((f for f in self.faults if path.startswith(f.path) and f.times > 0), None)
            if fault is not None:
                fault.times -= 1
                if fault.error is not None:
                    raise fault.error(f"scripted {fault.error.__name__}", request=request)
                headers = {"content-type": fault.content_type, **fault.headers}
                return httpx.Response(fault.status, content=fault.body, headers=headers)
            if self.disabled:
                return self._error(503, "API not active")
            if not self._take_token():
                return self._error(429, "too many requests")
            return self._route(request)

    def _take_token(self) -> bool:
        if self._bucket is None:
            return True
        capacity, refill = self._bucket
        now = self.clock.monotonic()
        self._tokens = min(capacity, self._tokens + (now - self._bucket_time) * refill)
        self._bucket_time = now
        # Client and server add up refill intervals in floats in different orders; forgive the rounding.
        if self._tokens < 1.0 - 1e-6:
            return False
        self._tokens -= 1.0
        return True

    def _route(self, request: httpx.Request) -> httpx.Response:
        parts = request.url.path.strip("/").split("/")
        if parts[:1] != ["v2"] or len(parts) < 2:
            return self._error(404, "not found", key="error")
        name, rest = parts[1], parts[2:]
        if name == "build":
            return self._ok(request, {"id": self.build_id})
        if name in ("account", "tokeninfo"):
            return self._keyed(request, name)
        if name not in self.data:
            return self._error(404, "not found", key="error")
        records = self.data[name]
        params = request.url.params
        if rest:
            return self._one(request, name, rest[0])
        if "id" in params:
            return self._one(request, name, params["id"])
        if "ids" not in params:
            return self._ok(request, [obj["id"] for obj in records.values()])
        if params["ids"] == "all":
            if name not in self.ids_all:
                return self._error(400, "all ids not supported for this endpoint")
            return self._ok(request, [self._shape(request, name, obj) for obj in records.values()])
        wanted = [i for i in params["ids"].split(",") if i]
        if len(wanted) > MAX_IDS:
            return self._error(400, f"id list too long; this endpoint is limited to {MAX_IDS} ids at once")
        found = [self._shape(request, name, records[i]) for i in dict.fromkeys(wanted) if i in records]
        if not found or (len(found) < len(set(wanted)) and self.partial == "404"):
            return self._error(404, "all ids provided are invalid")
        return self._ok(request, found, status=206 if len(found) < len(set(wanted)) else 200)

    def _one(self, request: httpx.Request, name: str, obj_id: str) -> httpx.Response:
        obj = self.data[name].get(obj_id)
        if obj is None:
            return self._error(404, "no such id")
        return self._ok(request, self._shape(request, name, obj))

    def _keyed(self, request: httpx.Request, name: str) -> httpx.Response:
        auth = request.headers.get("authorization", "")
        key = (
            auth.removeprefix("Bearer ")
            if auth.startswith("Bearer ")
            else request.url.params.get("access_token")
        )
        if not key or key not in self.keys:
            return self._error(400, "invalid key")
        scopes = self.keys[key]
        if name == "tokeninfo":
            return self._ok(request, {"id": key[:8], "name": "fake key", "permissions": list(scopes)})
        if "account" not in scopes:
            return self._error(403, "requires scope account")
        return self._ok(request, {"id": "0000-fake", "name": "Fake.1234", "world": 1001}, cache="private")

    def _shape(self, request: httpx.Request, name: str, obj: dict[str, Any]) -> dict[str, Any]:
        schema = request.headers.get("x-schema-version") or request.url.params.get("v") or ""
        if schema == "latest" or schema >= SCHEMA_CUTOFF:
            return obj
        return {k: v for k, v in copy.deepcopy(obj).items() if k not in SCHEMA_FIELDS.get(name, ())}

    def _ok(
        self, request: httpx.Request, value: Any, *, status: int = 200, cache: str = "public"
    ) -> httpx.Response:
        body = json_body(value)
        headers = {
            "content-type": "application/json; charset=utf-8",
            "cache-control": f"{cache}, max-age={self.max_age}",
            "content-language": request.url.params.get("lang", "en"),
        }
        unchanged = False
        if self.etags:
            headers["etag"] = '"' + hashlib.sha1(body + str(self.version).encode()).hexdigest()[:16] + '"'
            unchanged = request.headers.get("if-none-match") == headers["etag"]
        if self.last_modified:
            modified = START + timedelta(hours=self.version)
            headers["last-modified"] = format_datetime(modified, usegmt=True)
            since = request.headers.get("if-modified-since")
            unchanged = unchanged or (since is not None and parsedate_to_datetime(since) >= modified)
        if unchanged:
            return httpx.Response(304, headers=headers)
        return httpx.Response(status, content=body, headers=headers)

    def _error(self, status: int, text: str, *, key: str = "text") -> httpx.Response:
        return httpx.Response(
            status,
            content=json_body({key: text}),
            headers={"content-type": "application/json; charset=utf-8"},
        )


def serve_loopback(api: FakeGW2API) -> AbstractContextManager[str]:
    """Serve `api` on 127.0.0.1 in a thread; yields the base URL (e.g. for GW2_API_BASE_URL)."""
    return serve_loopback_http(api.respond)

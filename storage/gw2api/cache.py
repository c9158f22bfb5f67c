"""The persistent response cache: freshness from Cache-Control/Expires, validators for conditional requests.

Bodies are stored as the API sent them, zlib-compressed; the key digests everything that selects a response
(endpoint, parameters, language, schema version and, for keyed requests, a digest of the key).
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from email.utils import parsedate_to_datetime
from typing import Any, Literal
from urllib.parse import urlencode

from sqlalchemy import func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from storage.conditional_get import conditional_headers
from storage.db import Database
from storage.models.gw2 import GW2ResponseRow

# Longer lifetimes are cut to this: the GW2 API says minutes, and a proxy's absurd max-age (or an Expires
# in the year 9999) must neither overflow the date arithmetic nor pin an answer for ever.
MAX_FRESHNESS = timedelta(days=30)

CacheMode = Literal["use", "revalidate", "bypass"]
"""use: a fresh cached body answers without a request; revalidate: always ask the API (conditionally);
bypass: neither read nor write the cache."""


@dataclass(frozen=True, slots=True)
class CacheKey:
    endpoint: str
    params: str
    language: str
    schema_version: str
    key_fingerprint: str | None

    @property
    def digest(self) -> str:
        parts = [self.endpoint, self.params, self.language, self.schema_version, self.key_fingerprint or ""]
        return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()


def canonical_params(params: Mapping[str, str]) -> str:
    return urlencode(sorted(params.items()))


def key_fingerprint(api_key: str) -> str:
    return hashlib.blake2b(api_key.encode("utf-8"), digest_size=16).hexdigest()


@dataclass(frozen=True, slots=True)
class Freshness:
    storable: bool
    expires_at: datetime


def freshness(headers: Mapping[str, str], now: datetime) -> Freshness:
    """How long a response stays fresh: Cache-Control max-age (less Age), else Expires relative to Date."""
    directives: dict[str, str | None] = {}
    for part in headers.get("cache-control", "").split(","):
        name, _, value = part.strip().partition("=")
        if name:
            directives[name.lower()] = value.strip('"') or None
    if "no-store" in directives:
        return Freshness(False, now)
    if "no-cache" in directives:
        return Freshness(True, now)
    max_age = _int(directives.get("max-age"))
    if max_age is not None:
        age = _int(headers.get("age")) or 0
        seconds = min(max(0, max_age - age), int(MAX_FRESHNESS.total_seconds()))
        return Freshness(True, now + timedelta(seconds=seconds))
    expires = _http_date(headers.get("expires"))
    if expires is not None:
        served = _http_date(headers.get("date")) or now
        return Freshness(True, now + min(max(timedelta(0), expires - served), MAX_FRESHNESS))
    return Freshness(True, now)


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def _http_date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        parsed = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return parsed if parsed.tzinfo is not None else None


@dataclass(frozen=True, slots=True)
class CachedResponse:
    data: Any
    status: int
    fetched_at: datetime
    expires_at: datetime
    etag: str | None
    last_modified: str | None

    def is_fresh(self, now: datetime) -> bool:
        return now < self.expires_at

    def with_data(self, data: Any) -> CachedResponse:
        return replace(self, data=data)

    def validators(self) -> dict[str, str]:
        """Headers that turn the next request into a conditional one (304 when unchanged)."""
        return conditional_headers(self.etag, self.last_modified)


def _decode(body: bytes) -> Any:
    return json.loads(zlib.decompress(body))


class ResponseCache:
    """Cached responses in the database; each call is its own short unit of work."""

    def __init__(self, database: Database) -> None:
        self._database = database

    async def get(self, key: CacheKey) -> CachedResponse | None:
        async with self._database.session() as session:
            row = await session.get(GW2ResponseRow, key.digest)
            if row is None:
                return None
            body, status = row.body, row.status
            meta = (row.fetched_at, row.expires_at, row.etag, row.last_modified)
        data = await asyncio.to_thread(_decode, body)
        return CachedResponse(data, status, *meta)

    async def put(
        self,
        key: CacheKey,
        *,
        raw_body: bytes,
        status: int,
        fetched_at: datetime,
        expires_at: datetime,
        etag: str | None,
        last_modified: str | None,
    ) -> None:
        body = await asyncio.to_thread(zlib.compress, raw_body, 6)
        values = {
            "cache_key": key.digest,
            "endpoint": key.endpoint,
            "params": key.params,
            "language": key.language,
            "schema_version": key.schema_version,
            "key_fingerprint": key.key_fingerprint,
            "status": status,
            "body": body,
            "fetched_at": fetched_at,
            "expires_at": expires_at,
            "etag": etag,
            "last_modified": last_modified,
        }
        async with self._database.session() as session:
            await _upsert(session, values)

    async def revalidated(self, key: CacheKey, *, fetched_at: datetime, expires_at: datetime) -> None:
        """A 304 confirmed the cached body: it counts as fetched now."""
        async with self._database.session() as session:
            await session.execute(
                update(GW2ResponseRow)
                .where(GW2ResponseRow.cache_key == key.digest)
                .values(fetched_at=fetched_at, expires_at=expires_at)
            )

    async def count(self) -> int:
        async with self._database.session() as session:
            return int(await session.scalar(select(func.count()).select_from(GW2ResponseRow)) or 0)


async def _upsert(session: AsyncSession, values: dict[str, Any]) -> None:
    # Two tasks may fetch the same URL at once; the later answer simply wins.
    changed = {k: v for k, v in values.items() if k != "cache_key"}
    if session.get_bind().dialect.name == "postgresql":
        pg = postgresql.insert(GW2ResponseRow).values(**values)
        await session.execute(pg.on_conflict_do_update(index_elements=["cache_key"], set_=changed))
    else:
        lite = sqlite.insert(GW2ResponseRow).values(**values)
        await session.execute(lite.on_conflict_do_update(index_elements=["cache_key"], set_=changed))

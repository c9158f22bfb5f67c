"""Fetching whole endpoints: `ids=all` where the API allows it, else batches of at most 200 ids.

Unknown ids are answered in two ways: 206 with only the valid objects, or (a regression seen in the past)
404 "all ids provided are invalid" for a whole batch when just one id is bad. A 404 batch is split in halves
until the bad ids are isolated, so the valid objects still arrive.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from storage.gw2api.answers import IDS, OBJECTS
from storage.gw2api.cache import CacheMode
from storage.gw2api.client import APIResponse, GW2Client
from storage.gw2api.errors import GW2BadRequest, GW2NotFound

log = logging.getLogger(__name__)

MAX_IDS_PER_REQUEST = 200
# Endpoints documented to accept ids=all (items, with ~70k objects, does not).
IDS_ALL_ENDPOINTS = frozenset(
    {
        "/v2/professions",
        "/v2/specializations",
        "/v2/traits",
        "/v2/skills",
        "/v2/itemstats",
        "/v2/legends",
        "/v2/pets",
    }
)

Id = int | str


@dataclass(frozen=True, slots=True)
class BulkResult:
    """The objects found (in the order of the ids asked for), the ids the API does not know, and the age of
    the oldest part answered from the cache because the API failed (None when all of it is current)."""

    items: tuple[Mapping[str, Any], ...]
    missing: tuple[Id, ...] = ()
    stale_age: timedelta | None = None


def _stale_age(responses: Iterable[APIResponse]) -> timedelta | None:
    ages = [r.age for r in responses if r.stale]
    return max(ages) if ages else None


async def fetch_all(
    client: GW2Client,
    path: str,
    *,
    cache: CacheMode = "use",
    allow_stale: bool = True,
    concurrency: int = 4,
) -> BulkResult:
    """Every object of an endpoint such as "/v2/traits"."""
    if path in IDS_ALL_ENDPOINTS:
        try:
            response = await client.get(
                path, {"ids": "all"}, cache=cache, allow_stale=allow_stale, shape=OBJECTS
            )
            return BulkResult(tuple(response.data), (), _stale_age([response]))
        except GW2BadRequest as error:
            log.warning("%s refused ids=all (%s); fetching it in batches", path, error)
    listing = await client.get(path, cache=cache, allow_stale=allow_stale, shape=IDS)
    result = await fetch_many(
        client, path, listing.data, cache=cache, allow_stale=allow_stale, concurrency=concurrency
    )
    ages = [age for age in (_stale_age([listing]), result.stale_age) if age is not None]
    return BulkResult(result.items, result.missing, max(ages) if ages else None)


async def fetch_many(
    client: GW2Client,
    path: str,
    ids: Iterable[Id],
    *,
    cache: CacheMode = "use",
    allow_stale: bool = True,
    concurrency: int = 4,
    batch_size: int = MAX_IDS_PER_REQUEST,
) -> BulkResult:
    """The objects with these ids, `concurrency` batches at a time."""
    if not 1 <= batch_size <= MAX_IDS_PER_REQUEST:
        raise ValueError(f"batch_size must be 1..{MAX_IDS_PER_REQUEST}")
    wanted = list(dict.fromkeys(ids))
    slots = asyncio.Semaphore(concurrency)
    responses: list[APIResponse] = []
    found: dict[str, Mapping[str, Any]] = {}

    async def fetch(batch: Sequence[Id]) -> None:
        try:
            async with slots:
                response = await client.get(
                    path,
                    {"ids": ",".join(str(i) for i in batch)},
                    cache=cache,
                    allow_stale=allow_stale,
                    shape=OBJECTS,
                )
        except GW2NotFound:
            if len(batch) > 1:
                half = len(batch) // 2
                await asyncio.gather(fetch(batch[:half]), fetch(batch[half:]))
            return
        responses.append(response)
        for item in response.data:
            found[str(item["id"])] = item

    batches = [wanted[i : i + batch_size] for i in range(0, len(wanted), batch_size)]
    await asyncio.gather(*(fetch(batch) for batch in batches))
    items = tuple(found[str(i)] for i in wanted if str(i) in found)
    missing = tuple(i for i in wanted if str(i) not in found)
    if missing:
        log.info("%s does not know %d of %d ids: %s", path, len(missing), len(wanted), list(missing)[:20])
    return BulkResult(items, missing, _stale_age(responses))

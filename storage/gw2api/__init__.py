"""The GW2 API v2 client: rate limiting, retries, typed errors, bulk fetching and the persistent cache.

Its rate limiter, retry loop and clock also pace and retry the announcement posts.
"""

from storage.gw2api.answers import ACCOUNT, TOKEN_INFO, AccountAnswer, TokenInfo
from storage.gw2api.bulk import IDS_ALL_ENDPOINTS, MAX_IDS_PER_REQUEST, BulkResult, fetch_all, fetch_many
from storage.gw2api.cache import CacheMode, ResponseCache
from storage.gw2api.client import SCHEMA_VERSION, APIResponse, GW2Client
from storage.gw2api.clock import SYSTEM_CLOCK, Clock, SystemClock
from storage.gw2api.errors import (
    GW2AccessDenied,
    GW2APIDisabled,
    GW2APIError,
    GW2BadAnswer,
    GW2BadRequest,
    GW2InvalidKey,
    GW2MissingScope,
    GW2NotFound,
    GW2RateLimited,
    GW2Unavailable,
)
from storage.gw2api.limiter import TokenBucket
from storage.gw2api.retry import Retry, RetryPolicy, with_retries

__all__ = [
    "ACCOUNT",
    "IDS_ALL_ENDPOINTS",
    "MAX_IDS_PER_REQUEST",
    "SCHEMA_VERSION",
    "SYSTEM_CLOCK",
    "TOKEN_INFO",
    "APIResponse",
    "AccountAnswer",
    "BulkResult",
    "CacheMode",
    "Clock",
    "GW2APIDisabled",
    "GW2APIError",
    "GW2AccessDenied",
    "GW2BadAnswer",
    "GW2BadRequest",
    "GW2Client",
    "GW2InvalidKey",
    "GW2MissingScope",
    "GW2NotFound",
    "GW2RateLimited",
    "GW2Unavailable",
    "ResponseCache",
    "Retry",
    "RetryPolicy",
    "SystemClock",
    "TokenBucket",
    "TokenInfo",
    "fetch_all",
    "fetch_many",
    "with_retries",
]

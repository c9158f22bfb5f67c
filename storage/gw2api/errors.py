"""Typed GW2 API errors, recognised from the status code and the error body in any of its known shapes.

The API answers errors as `{"text": ...}`, on some routes `{"error": ...}` or `{"reason": ...}`, and behind
its CDN sometimes as plain text or HTML; `error_text` reads all of them.
"""

from __future__ import annotations

import json
import re
from typing import Any

_SCOPE = re.compile(r"requires scope (\w+)", re.IGNORECASE)
_BODY_KEYS = ("text", "error", "reason")
_MAX_TEXT = 200


class GW2APIError(Exception):
    """A request to the GW2 API failed. `transient` errors are outages worth retrying or serving stale."""

    transient = False

    def __init__(self, message: str, *, status: int | None = None, path: str = "") -> None:
        super().__init__(message)
        self.text = message
        self.status = status
        self.path = path
        self.retry_after: float | None = None  # seconds, from the answer's Retry-After header

    def __str__(self) -> str:
        where = f" on {self.path}" if self.path else ""
        code = f"HTTP {self.status}" if self.status is not None else "no response"
        return f"{self.describe()}{where} ({code}: {self.text})"

    def describe(self) -> str:
        return "GW2 API request failed"


class GW2NotFound(GW2APIError):
    def describe(self) -> str:
        return "not found in the GW2 API"


class GW2BadRequest(GW2APIError):
    def describe(self) -> str:
        return "the GW2 API rejected the request"


class GW2InvalidKey(GW2APIError):
    def describe(self) -> str:
        return "the GW2 API key is invalid"


class GW2MissingScope(GW2APIError):
    def __init__(self, message: str, *, status: int | None = None, path: str = "") -> None:
        super().__init__(message, status=status, path=path)
        found = _SCOPE.search(message)
        self.scope: str | None = found.group(1).lower() if found else None

    def describe(self) -> str:
        return f"the GW2 API key lacks the {self.scope or 'needed'} permission"


class GW2AccessDenied(GW2APIError):
    def describe(self) -> str:
        return "the GW2 API denied access"


class GW2RateLimited(GW2APIError):
    transient = True

    def describe(self) -> str:
        return "the GW2 API rate limit was exceeded"


class GW2APIDisabled(GW2APIError):
    transient = True

    def describe(self) -> str:
        return "the GW2 API is disabled (usually for a few hours around a game release)"


class GW2BadAnswer(GW2APIError):
    """Valid JSON of another shape than the endpoint's (checked by `storage.gw2api.answers`)."""

    def describe(self) -> str:
        return "the GW2 API answered in an unexpected form"


class GW2Unavailable(GW2APIError):
    """Server errors, timeouts and connection failures."""

    transient = True

    def describe(self) -> str:
        return "the GW2 API is unavailable"


def error_text(body: bytes, content_type: str = "") -> str:
    """The error message of a response body: JSON `text`/`error`/`reason`, else the start of the text."""
    raw = body.decode("utf-8", errors="replace").strip()
    if "json" in content_type or raw.startswith("{"):
        try:
            parsed: Any = json.loads(raw)
        except ValueError:
            parsed = None
        if isinstance(parsed, dict):
            for key in _BODY_KEYS:
                value = parsed.get(key)
                if isinstance(value, str) and value.strip():
                    return value.strip()
    if raw.startswith("<"):
        # An HTML error page from a proxy: its text says nothing the status does not.
        return ""
    return " ".join(raw.split())[:_MAX_TEXT]


def error_for(status: int, text: str, *, path: str = "") -> GW2APIError:
    """The typed error of a failed response."""
    lowered = text.lower()
    kind: type[GW2APIError]
    if status == 404:
        kind = GW2NotFound
    elif (
        status in (400, 401, 403) and ("invalid key" in lowered or "invalid access token" in lowered)
    ) or status == 401:
        kind = GW2InvalidKey
    elif status == 403 and "scope" in lowered:
        kind = GW2MissingScope
    elif status == 403:
        kind = GW2AccessDenied
    elif status == 429:
        kind = GW2RateLimited
    elif status == 503 and "not active" in lowered:
        kind = GW2APIDisabled
    elif status >= 500:
        kind = GW2Unavailable
    elif 400 <= status < 500:
        kind = GW2BadRequest
    else:
        kind = GW2APIError
    return kind(text or f"HTTP {status}", status=status, path=path)

"""Logging set-up, with secrets scrubbed from every record before it is written."""

from __future__ import annotations

import logging
import sys
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager

# Each secret with the number of holders; one that drops to zero leaves the scrubber.
_SECRETS: Counter[str] = Counter()
REDACTED = "[redacted]"
_MIN_SECRET_LENGTH = 6


def register_secret(value: str | None) -> None:
    """Make sure `value` never appears in log output for the life of the process (token, encryption keys)."""
    if value and len(value) >= _MIN_SECRET_LENGTH:
        _SECRETS[value] += 1


def forget_secret(value: str) -> None:
    """Release one registration of `value`; it stays scrubbed while other holders still have it."""
    if _SECRETS[value] > 1:
        _SECRETS[value] -= 1
    else:
        _SECRETS.pop(value, None)


@contextmanager
def secret_in_use(value: str) -> Iterator[None]:
    """Scrub `value` while the block runs (a decrypted API key during its requests), not after."""
    register_secret(value)
    try:
        yield
    finally:
        if len(value) >= _MIN_SECRET_LENGTH:
            forget_secret(value)


def scrub(text: str) -> str:
    for secret in _SECRETS:
        if secret in text:
            text = text.replace(secret, REDACTED)
    return text


class SecretScrubbingFormatter(logging.Formatter):
    """Formats as usual, then removes registered secrets from the message and any traceback."""

    def format(self, record: logging.LogRecord) -> str:
        return scrub(super().format(record))


LOG_FORMAT = "%(asctime)s %(levelname)-8s %(name)s: %(message)s"


class StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever `sys.stderr` is at the time of each record (it may be replaced after set-up)."""

    @property
    def stream(self) -> object:
        return sys.stderr

    @stream.setter
    def stream(self, _value: object) -> None:
        pass


class OneLineNetworkErrors(logging.Filter):
    """discord.py logs every failed reconnect with the network error's traceback; while the gateway is down
    that is a screenful per retry. The error's type and text, on the record's one line, say it all."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and record.name.startswith("discord."):
            from bot.gateway import connection_error_text, is_connection_error

            error = record.exc_info[1]
            if error is not None and is_connection_error(error):
                record.msg = f"{record.getMessage()} ({connection_error_text(error)})"
                record.args = None
                record.exc_info = None
                record.exc_text = None
        return True


def scrubbing_handler() -> logging.Handler:
    handler = StderrHandler()
    handler.setFormatter(SecretScrubbingFormatter(LOG_FORMAT))
    handler.addFilter(OneLineNetworkErrors())
    return handler


def configure_logging(level: int) -> None:
    root = logging.getLogger()
    for handler in list(root.handlers):
        if isinstance(handler, StderrHandler):  # ours from an earlier call; other handlers stay
            root.removeHandler(handler)
    root.addHandler(scrubbing_handler())
    root.setLevel(level)
    # Every REST call at DEBUG is noise even when debugging our own code.
    logging.getLogger("discord.http").setLevel(max(level, logging.INFO))
    # Raw gateway events at DEBUG carry whatever members type, API keys submitted in modals included.
    logging.getLogger("discord.gateway").setLevel(max(level, logging.INFO))
    logging.getLogger("httpx").setLevel(max(level, logging.WARNING))
    logging.getLogger("alembic.runtime.plugins").setLevel(max(level, logging.WARNING))

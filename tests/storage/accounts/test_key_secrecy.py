"""API keys never show up: not in any log output (every level, tracebacks included, without relying on the
scrubber), not in anything sent to Discord, not in the database in readable form."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator

import httpx
import pytest
from sqlalchemy import text

from bot.logs import configure_logging
from storage.accounts import KeyCipher
from tests.harness.account_plugin import AccountHarness
from tests.harness.fake_account_api import GOOD_KEY, OTHER_KEY, UNDERSCOPED_KEY, UNKNOWN_KEY

KEYS = (GOOD_KEY, OTHER_KEY, UNDERSCOPED_KEY, UNKNOWN_KEY)
# The token id the API reports is the key's first part; it must not leak either.
SECRETS = (*KEYS, *(key[:36] for key in KEYS), *(key[36:] for key in KEYS))


@pytest.fixture
def raw_log() -> Iterator[io.StringIO]:
    """Everything logged anywhere, at DEBUG, formatted plainly (no secret scrubbing) with tracebacks."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        yield stream
    finally:
        root.removeHandler(handler)
        root.setLevel(level)


def _failing_encrypt(_cipher: KeyCipher, _key: str) -> str:
    raise RuntimeError("the encryption failed")


def assert_no_secret(where: str, text: str) -> None:
    for secret in SECRETS:
        assert secret not in text, f"an API key (or part of one) appears in {where}"


async def test_no_path_puts_a_key_in_logs_replies_or_stored_bytes(
    accounts: AccountHarness,
    raw_log: io.StringIO,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    caplog.set_level(logging.DEBUG)
    harness, api = accounts.harness, accounts.api

    # Linking: not a key, unknown, under-scoped, during an outage, a broken answer, and for real.
    await accounts.link(f"my key is {GOOD_KEY}!")
    await accounts.link(UNKNOWN_KEY)
    await accounts.link(UNDERSCOPED_KEY)
    api.fail("/v2/tokeninfo", 503, {"text": "API not active"}, times=10)
    await accounts.link(GOOD_KEY)
    api.faults.clear()
    api.fail("/v2/account", 200, [1, 2, 3])  # an answer of the wrong shape
    broken_answer = (await accounts.link(GOOD_KEY)).message
    assert broken_answer.content.startswith("The GW2 API answered in a form I do not understand")
    with monkeypatch.context() as patch:  # an unexpected failure while the key is in hand
        patch.setattr(KeyCipher, "encrypt", _failing_encrypt)
        unexpected = (await accounts.link(GOOD_KEY)).message
    assert unexpected.content.startswith("Something went wrong — reference")
    await accounts.link(GOOD_KEY)
    await accounts.link(OTHER_KEY, user=accounts.bob)

    # Using the key: every command, suggestions, and the failures on the way.
    await harness.slash("account status")
    await harness.slash("account characters")
    await harness.autocomplete("account import", "character", {"character": "ly"})
    await harness.slash("account import", {"character": "Lyra Thornwood"})
    await harness.slash("account import", {"character": "Nobody"})
    await harness.slash("optimize", {"character": "Lyra Thornwood"})
    api.fail("/v2/characters", 400, {"text": "invalid key"}, times=3)
    await harness.slash("account characters")
    api.fail("/v2/characters", 500, {"text": "internal error"}, times=10)
    await harness.slash("account characters", user=accounts.bob)
    api.fail("/v2/characters", error=httpx.ConnectError, times=10)
    await harness.slash("account import", {"character": "Kell Stormborn", "equipment_tab": 1})
    api.faults.clear()
    await harness.slash("account import", {"character": "Kell Stormborn", "build_tab": 7})
    await harness.slash("account unlink")
    await harness.slash("account characters")

    logged = raw_log.getvalue()
    assert "Unexpected error in component" in logged and "Traceback" in logged  # tracebacks were captured
    assert "linked a GW2 account" in logged and "retrying in" in logged
    assert_no_secret("the log output", logged)
    assert_no_secret("caplog", caplog.text)
    for record in caplog.records:
        assert_no_secret(
            f"the record {record.name}", f"{record.getMessage()} {record.args!r} {record.exc_text}"
        )

    sent = json.dumps([(call.path, call.payload) for call in harness.api.calls], ensure_ascii=False)
    assert "Lyra.4821" in sent
    assert_no_secret("what the bot sent to Discord", sent)

    dump = ""
    async with harness.bot.services.database.session() as session:
        for table in ("gw2_accounts", "gw2_api_responses", "builds"):
            dump += repr((await session.execute(text(f"SELECT * FROM {table}"))).all())
    assert "gAAAAA" in dump  # Bob's key is still stored, encrypted
    assert_no_secret("the database", dump)


def test_raw_gateway_events_are_not_logged_even_at_debug() -> None:
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    gateway = logging.getLogger("discord.gateway")
    gateway_level = gateway.level
    try:
        configure_logging(logging.DEBUG)
        assert logging.getLogger("bot").isEnabledFor(logging.DEBUG)
        assert not gateway.isEnabledFor(logging.DEBUG)
    finally:
        for handler in list(root.handlers):
            root.removeHandler(handler)
        for handler in handlers:
            root.addHandler(handler)
        root.setLevel(level)
        gateway.setLevel(gateway_level)

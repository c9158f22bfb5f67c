"""The account service and key cipher without Discord: off switch, unreadable keys, subtokens, policy."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from storage.accounts import (
    AccountError,
    AccountsDisabledError,
    AccountService,
    BrokenKeyPolicy,
    KeyCipher,
    KeyCipherError,
    NotLinkedError,
    check_encryption_key,
    looks_like_api_key,
    new_encryption_key,
)
from storage.db import Database
from storage.gw2api import GW2Client, TokenBucket
from tests.harness.fake_account_api import GOOD_KEY, FakeAccountAPI

SUBTOKEN = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJmaXh0dXJlIn0.c2lnbmF0dXJlLW9mLXRoZS1maXh0dXJl"


@pytest.fixture
async def client() -> AsyncIterator[tuple[FakeAccountAPI, GW2Client]]:
    api = FakeAccountAPI()
    api.add_key(GOOD_KEY)
    api.add_key(SUBTOKEN, info={"type": "Subtoken", "expires_at": "2026-06-01T00:00:00.000Z"})
    async with httpx.AsyncClient(transport=api.transport()) as http:
        yield (
            api,
            GW2Client(http, base_url="https://api.gw2.test", language="en", limiter=TokenBucket(300, 5)),
        )


async def test_without_an_encryption_key_nothing_is_stored_but_unlink_still_works(
    database: Database, client: tuple[FakeAccountAPI, GW2Client]
) -> None:
    api, gw2 = client
    accounts = AccountService(database, gw2, None)
    assert not accounts.enabled
    with pytest.raises(AccountsDisabledError, match="ACCOUNT_ENCRYPTION_KEY"):
        await accounts.link(1, GOOD_KEY)
    with pytest.raises(NotLinkedError):
        await accounts.status(1)
    assert await accounts.unlink(1) is None
    assert api.requests == []


async def test_a_key_stored_under_another_encryption_key_asks_for_a_new_link(
    database: Database, client: tuple[FakeAccountAPI, GW2Client], caplog: pytest.LogCaptureFixture
) -> None:
    _api, gw2 = client
    await AccountService(database, gw2, KeyCipher(new_encryption_key())).link(7, GOOD_KEY)
    other = AccountService(database, gw2, KeyCipher(new_encryption_key()))
    with caplog.at_level(logging.WARNING), pytest.raises(AccountError, match="can no longer be read"):
        await other.characters(7)
    assert "The stored API key of user 7 cannot be decrypted" in caplog.text
    assert (await other.status(7)).account_name == "Lyra.4821"  # kept, not silently deleted


async def test_a_subtoken_is_linked_with_its_expiry(
    database: Database, client: tuple[FakeAccountAPI, GW2Client]
) -> None:
    _api, gw2 = client
    accounts = AccountService(database, gw2, KeyCipher(new_encryption_key()))
    linked = await accounts.link(3, SUBTOKEN)
    assert linked.key_expires_at == datetime(2026, 6, 1, tzinfo=UTC)
    assert linked.permissions == ("account", "builds", "characters")


def test_the_broken_key_policy_needs_both_the_count_and_the_span() -> None:
    policy = BrokenKeyPolicy(strikes=3, span=timedelta(hours=24))
    start = datetime(2025, 12, 1, tzinfo=UTC)
    assert not policy.breaks(2, start, start + timedelta(hours=30))
    assert not policy.breaks(3, start, start + timedelta(hours=23, minutes=59))
    assert policy.breaks(3, start, start + timedelta(hours=24))


def test_the_cipher_reads_old_keys_and_rotates_to_the_current_one() -> None:
    old, new = new_encryption_key(), new_encryption_key()
    token = KeyCipher(old).encrypt(GOOD_KEY)
    assert GOOD_KEY.encode() not in token
    both = KeyCipher(new, [old])
    assert both.decrypt(token) == GOOD_KEY
    assert not both.is_current(token)
    rotated = both.rotate(token)
    assert both.is_current(rotated)
    assert KeyCipher(new).decrypt(rotated) == GOOD_KEY
    with pytest.raises(KeyCipherError):
        KeyCipher(old).decrypt(rotated)
    with pytest.raises(KeyCipherError):
        KeyCipher(new).rotate(b"not a token")
    assert repr(both) == "KeyCipher(…)"


def test_encryption_keys_and_api_keys_are_checked_without_echoing_them() -> None:
    with pytest.raises(ValueError) as error:
        check_encryption_key("hunter2-hunter2")
    assert "hunter2" not in str(error.value)
    assert looks_like_api_key(f"  {GOOD_KEY[:30]}\n{GOOD_KEY[30:]}\t") == GOOD_KEY
    assert looks_like_api_key(SUBTOKEN) == SUBTOKEN
    assert looks_like_api_key("short") is None
    assert looks_like_api_key("not <a> key; drop table") is None

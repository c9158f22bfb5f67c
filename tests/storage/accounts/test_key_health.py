"""A key the API calls invalid: one answer is no verdict, answers over a day mark it broken and the owner is
told; it is never deleted behind the owner's back."""

from __future__ import annotations

import pytest

from bot.logs import register_secret, secret_in_use
from storage.accounts import AccountService
from tests.harness.account_plugin import AccountHarness
from tests.harness.fake_account_api import GOOD_KEY
from tests.harness.fake_gw2api import FakeClock

INVALID = {"text": "invalid key"}
# One command's request is tried three times (two retries) before "invalid key" is believed.
ATTEMPTS = 3
REJECTED = "The GW2 API answered that your API key is invalid. It sometimes says so by mistake"


@pytest.fixture
async def timed(accounts: AccountHarness) -> tuple[AccountHarness, FakeClock]:
    """The service as the bot builds it from its settings (3 answers over 24 h), on a clock the test moves."""
    clock = FakeClock()
    services = accounts.harness.bot.services
    services.accounts = AccountService.from_settings(
        services.settings,
        services.database,
        services.gw2,
        clock=clock,
        on_secret=register_secret,
        key_scope=secret_in_use,
    )
    assert (await accounts.link(GOOD_KEY)).message.content.startswith("Linked")
    return accounts, clock


async def characters(accounts: AccountHarness) -> str:
    return (await accounts.harness.slash("account characters")).message.content


async def status(accounts: AccountHarness) -> str:
    return (await accounts.harness.slash("account status")).message.embed_text()


async def test_one_invalid_answer_is_no_verdict_and_a_success_clears_it(
    timed: tuple[AccountHarness, FakeClock],
) -> None:
    accounts, _clock = timed
    accounts.api.fail("/v2/characters", 400, INVALID, times=ATTEMPTS)
    assert (await characters(accounts)).startswith(REJECTED)
    assert "Refused as invalid 1 time since <t:1764590400:f>" in await status(accounts)
    assert await characters(accounts) == ""  # the list came back as an embed
    assert "Working." in await status(accounts)


async def test_invalid_answers_in_quick_succession_do_not_break_the_key(
    timed: tuple[AccountHarness, FakeClock],
) -> None:
    accounts, _clock = timed
    accounts.api.fail("/v2/characters", 400, INVALID, times=5 * ATTEMPTS)
    for _ in range(5):
        assert (await characters(accounts)).startswith(REJECTED)
    text = await status(accounts)
    assert "Refused as invalid 5 times" in text
    assert "Broken" not in text


async def test_invalid_answers_over_a_day_mark_the_key_broken_and_tell_the_owner(
    timed: tuple[AccountHarness, FakeClock],
) -> None:
    accounts, clock = timed
    accounts.api.fail("/v2/characters", 400, INVALID, times=4 * ATTEMPTS)
    for hours in (0, 6, 6):
        clock.advance(hours * 3600)
        assert (await characters(accounts)).startswith(REJECTED)
    assert "Broken" not in await status(accounts)  # three answers, but within 12 hours

    clock.advance(13 * 3600)
    told = await characters(accounts)
    assert told == (
        "Your API key was refused as invalid 4 times since 2025-12-01 12:00 UTC, so it is marked broken "
        "and no longer used. It has not been deleted: link a new key with /account link, "
        "or remove it with /account unlink."
    )
    assert "**Broken**: refused as invalid 4 times since <t:1764590400:f>" in await status(accounts)

    # A broken key is not used any more, but kept until its owner acts.
    before = len(accounts.api.requests)
    assert (await characters(accounts)).startswith("Your API key was refused as invalid 4 times")
    assert (await accounts.harness.autocomplete("optimize", "character")).choices == []
    assert len(accounts.api.requests) == before

    relinked = (await accounts.link(GOOD_KEY)).message
    assert relinked.content.startswith("Linked **Lyra.4821**")
    assert "Working." in await status(accounts)
    assert await characters(accounts) == ""

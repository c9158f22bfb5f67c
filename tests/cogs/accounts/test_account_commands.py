"""/account link, status, unlink and characters through the real command tree, against the fake GW2 API."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from storage.models import GW2AccountRow
from tests.harness.account_plugin import AccountHarness
from tests.harness.bot_harness import BotHarness
from tests.harness.fake_account_api import GOOD_KEY, OTHER_KEY, UNDERSCOPED_KEY, UNKNOWN_KEY


async def stored_rows(accounts: AccountHarness) -> list[GW2AccountRow]:
    async with accounts.harness.bot.services.database.session() as session:
        return list((await session.execute(select(GW2AccountRow))).scalars())


async def test_link_opens_a_modal_and_stores_the_key_encrypted(accounts: AccountHarness) -> None:
    opened = await accounts.harness.slash("account link")
    assert opened.modal is not None
    assert opened.modal["title"] == "Link your GW2 account"
    field = opened.modal["components"][0]["components"][0]
    assert (field["custom_id"], field["min_length"]) == ("api_key", 20)

    # Pasted with a line break, as happens.
    linked = await accounts.harness.submit_modal(
        str(opened.modal["custom_id"]), {"api_key": f" {GOOD_KEY[:40]}\n{GOOD_KEY[40:]} "}
    )
    reply = linked.message
    assert reply.ephemeral
    assert reply.content.startswith("Linked **Lyra.4821**.")
    text = reply.embed_text()
    assert "GW2 account Lyra.4821" in text
    assert "**account**, **builds**, **characters**, guilds, inventories" in text
    assert r"GW2Optimizer \<b\>bot\</b\>" in text  # shown as typed, not read as markup
    assert "Working." in text

    keyed = accounts.api.keyed_requests()
    assert [r.url.path for r in keyed] == ["/v2/tokeninfo", "/v2/account"]
    assert all(r.headers["authorization"] == f"Bearer {GOOD_KEY}" for r in keyed)
    assert all(GOOD_KEY not in str(r.url) for r in keyed)

    (row,) = await stored_rows(accounts)
    assert (row.user_id, row.account_name, row.account_id) == (
        accounts.alice.id,
        "Lyra.4821",
        "A1B2C3D4-0000-4E5F-8A9B-0C1D2E3F4A5B",
    )
    # Encrypted at rest: neither the key nor its first part (the token id the API reports) is stored.
    assert GOOD_KEY.encode() not in row.key_token
    assert GOOD_KEY[:36].encode() not in row.key_token
    assert row.key_token.startswith(b"gAAAAA")  # a Fernet token
    assert accounts.harness.bot.services.accounts is not None

    status = (await accounts.harness.slash("account status")).message
    assert status.ephemeral
    assert "GW2 account Lyra.4821" in status.embed_text()
    assert "Last successful use" in status.embed_text()


async def test_a_key_the_api_rejects_is_not_stored(accounts: AccountHarness) -> None:
    reply = (await accounts.link(UNKNOWN_KEY)).message
    assert reply.ephemeral
    assert reply.content.startswith("The GW2 API does not accept this key.")
    # A 400 "invalid key" is retried twice before it is believed.
    assert [r.url.path for r in accounts.api.keyed_requests()] == ["/v2/tokeninfo"] * 3
    assert await stored_rows(accounts) == []
    status = (await accounts.harness.slash("account status")).message
    assert status.content == "You have not linked a GW2 account. Use /account link to add an API key."


async def test_an_under_scoped_key_names_the_missing_permissions(accounts: AccountHarness) -> None:
    reply = (await accounts.link(UNDERSCOPED_KEY)).message
    assert reply.content.startswith("This API key lacks the **characters**, **builds** permissions.")
    assert "with at least account, characters, builds ticked" in reply.content
    assert [r.url.path for r in accounts.api.keyed_requests()] == ["/v2/tokeninfo"]
    assert await stored_rows(accounts) == []


async def test_text_that_is_no_key_never_reaches_the_api(accounts: AccountHarness) -> None:
    reply = (await accounts.link("my password is hunter2, right?")).message
    assert reply.content.startswith("That does not look like a GW2 API key.")
    assert accounts.api.requests == []


@pytest.mark.parametrize(
    ("status", "body"),
    [
        (503, {"text": "API not active"}),
        (502, "<html>Bad Gateway</html>"),
        (429, {"text": "too many requests"}),
    ],
)
async def test_an_api_outage_while_linking_says_so(
    accounts: AccountHarness, status: int, body: object
) -> None:
    accounts.api.fail("/v2/tokeninfo", status, body, times=10)
    reply = (await accounts.link(GOOD_KEY)).message
    assert reply.content == "The GW2 API is unavailable right now; try again in a few minutes."
    assert await stored_rows(accounts) == []


async def test_relinking_replaces_the_key_and_unlink_deletes_it_at_once(accounts: AccountHarness) -> None:
    await accounts.link(GOOD_KEY)
    (first,) = await stored_rows(accounts)
    relinked = (await accounts.link(GOOD_KEY)).message
    assert relinked.content.startswith("Linked **Lyra.4821**")
    (second,) = await stored_rows(accounts)
    assert second.key_token != first.key_token  # a fresh token each time

    unlinked = (await accounts.harness.slash("account unlink")).message
    assert unlinked.ephemeral
    assert unlinked.content.startswith("Unlinked **Lyra.4821**: the bot no longer has your API key.")
    assert await stored_rows(accounts) == []
    requests_before = len(accounts.api.requests)
    listed = (await accounts.harness.slash("account characters")).message
    assert listed.content.startswith("You have not linked a GW2 account.")
    assert len(accounts.api.requests) == requests_before
    again = (await accounts.harness.slash("account unlink")).message
    assert again.content == "You have no linked GW2 account; nothing was stored."


async def test_characters_lists_profession_elite_and_level(accounts: AccountHarness) -> None:
    await accounts.link(GOOD_KEY)
    result = await accounts.harness.slash("account characters")
    assert result.deferred
    reply = result.message
    assert reply.ephemeral
    lines = reply.embeds[0]["description"].splitlines()
    assert lines == [
        "**Lyra Thornwood** — Soulbeast (Ranger), level 80 · 3 build tabs, 2 equipment tabs",
        "**Kell Stormborn** — Herald (Revenant), level 80 · 2 build tabs, 1 equipment tab",
        "**Bank Alt** — Guardian, level 2 · 1 build tab, 1 equipment tab",
    ]
    assert reply.embeds[0]["title"] == "Characters of Lyra.4821"


async def test_every_member_uses_only_their_own_key(accounts: AccountHarness) -> None:
    await accounts.link(GOOD_KEY)
    harness = accounts.harness
    refused = (await harness.slash("account characters", user=accounts.bob)).message
    assert refused.content.startswith("You have not linked a GW2 account.")
    assert (await harness.autocomplete("account import", "character", user=accounts.bob)).choices == []

    await accounts.link(OTHER_KEY, user=accounts.bob)
    accounts.api.requests.clear()
    bobs = (await harness.slash("account characters", user=accounts.bob)).message
    assert bobs.embeds[0]["description"] == "**Bob Mule** — Guardian, level 2 · 1 build tab, 1 equipment tab"
    # Bob cannot reach Alice's characters by name: his key is the only one used for his commands.
    missing = await harness.slash("account import", {"character": "Lyra Thornwood"}, user=accounts.bob)
    assert "Your account has no character named “Lyra Thornwood”" in missing.message.content
    bobs_requests = accounts.api.keyed_requests()
    assert bobs_requests
    assert {r.headers["authorization"] for r in bobs_requests} == {f"Bearer {OTHER_KEY}"}

    alices = (await harness.slash("account characters")).message
    assert "Lyra Thornwood" in alices.embeds[0]["description"]
    alices_requests = accounts.api.keyed_requests()[len(bobs_requests) :]
    assert alices_requests
    assert {r.headers["authorization"] for r in alices_requests} == {f"Bearer {GOOD_KEY}"}


async def test_character_suggestions_come_from_the_members_account(accounts: AccountHarness) -> None:
    await accounts.link(GOOD_KEY)
    harness = accounts.harness
    choices = (await harness.autocomplete("account import", "character", {"character": "th"})).choices
    assert [c["value"] for c in choices] == ["Lyra Thornwood"]
    everyone = (await harness.autocomplete("optimize", "character")).choices
    assert [c["name"] for c in everyone] == ["Lyra Thornwood", "Kell Stormborn", "Bank Alt"]
    # The names are remembered for a few minutes: typing does not call the API at every key.
    before = len(accounts.api.requests)
    await harness.autocomplete("optimize", "character", {"character": "ke"})
    assert len(accounts.api.requests) == before


async def test_an_outage_while_reading_characters_says_so(accounts: AccountHarness) -> None:
    await accounts.link(GOOD_KEY)
    accounts.api.fail("/v2/characters", 500, {"text": "internal error"}, times=10)
    reply = (await accounts.harness.slash("account characters")).message
    assert reply.content == "The GW2 API is unavailable right now; try again in a few minutes."
    assert (await accounts.harness.autocomplete("optimize", "character")).choices == []


async def test_without_an_encryption_key_linking_is_switched_off(harness: BotHarness) -> None:
    opened = (await harness.slash("account link")).message
    assert opened.ephemeral
    assert opened.content.startswith("Account linking is not set up on this bot")
    assert (await harness.slash("account unlink")).message.content.startswith("You have no linked")


async def test_help_lists_the_account_commands(accounts: AccountHarness) -> None:
    for name in ("link", "status", "unlink", "characters", "import"):
        reply = (await accounts.harness.slash("help", {"command": f"account {name}"})).message
        assert f"/account {name}" in reply.embed_text()

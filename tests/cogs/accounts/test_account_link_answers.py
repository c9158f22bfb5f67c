"""/account link against GW2 API answers of the wrong shape, and how long a decrypted key stays scrubbed."""

from __future__ import annotations

import httpx
import pytest

from bot.logs import REDACTED, register_secret, scrub, secret_in_use
from tests.harness.account_plugin import AccountHarness
from tests.harness.fake_account_api import GOOD_KEY, OTHER_KEY

NOT_UNDERSTOOD = "The GW2 API answered in a form I do not understand"


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/v2/tokeninfo", '{"name": "k", "permissions": "account"}'),
        ("/v2/tokeninfo", "[]"),
        ("/v2/account", '{"id": 5, "name": null}'),
        ("/v2/account", '"Lyra.4821"'),
    ],
)
async def test_link_with_an_answer_of_another_shape_says_so_and_stores_nothing(
    path: str, body: str, accounts: AccountHarness
) -> None:
    accounts.api.fail(path, 200, body)
    reply = (await accounts.link(GOOD_KEY)).message
    assert reply.ephemeral
    assert reply.content.startswith(NOT_UNDERSTOOD), reply.content
    status = (await accounts.harness.slash("account status")).message
    assert status.content.startswith("You have not linked a GW2 account.")


async def test_a_decrypted_key_is_scrubbed_only_while_it_is_in_use(accounts: AccountHarness) -> None:
    seen_during_requests: list[str] = []
    route = accounts.api._route

    def watching(request: httpx.Request) -> httpx.Response:
        if request.headers.get("authorization"):
            seen_during_requests.append(scrub(GOOD_KEY))
        return route(request)

    accounts.api._route = watching  # type: ignore[method-assign]
    assert scrub(GOOD_KEY) == GOOD_KEY
    assert (await accounts.link(GOOD_KEY)).message.content.startswith("Linked")
    await accounts.harness.slash("account characters")
    await accounts.harness.slash("account import", {"character": "Lyra Thornwood"})
    assert len(seen_during_requests) >= 4
    assert set(seen_during_requests) == {REDACTED}
    # Done with it: the key left the scrubber (it would otherwise stay for the life of the process).
    assert scrub(GOOD_KEY) == GOOD_KEY


def test_a_secret_in_use_twice_stays_scrubbed_until_both_are_done() -> None:
    with secret_in_use(OTHER_KEY):
        with secret_in_use(OTHER_KEY):
            assert scrub(OTHER_KEY) == REDACTED
        assert scrub(OTHER_KEY) == REDACTED
    assert scrub(OTHER_KEY) == OTHER_KEY


def test_a_secret_registered_for_good_outlives_its_uses() -> None:
    token = "a-bot-token-registered-for-the-process"
    register_secret(token)
    with secret_in_use(token):
        pass
    assert scrub(token) == REDACTED

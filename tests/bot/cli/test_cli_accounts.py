"""`gw2opt accounts new-key` and `rotate-key`: rotating the encryption key of the stored API keys."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from bot.cli.main import main
from bot.settings import Settings
from storage.accounts import (
    AccountService,
    KeyCipher,
    KeyCipherError,
    check_encryption_key,
    new_encryption_key,
)
from storage.db import Database
from storage.gw2api import GW2Client, TokenBucket
from storage.models import GW2AccountRow
from tests.harness.cli import gw2opt
from tests.harness.fake_account_api import GOOD_KEY, OTHER_KEY, FakeAccountAPI

OLD, NEW = new_encryption_key(), new_encryption_key()


def service(
    database: Database, api: FakeAccountAPI, http: httpx.AsyncClient, cipher: KeyCipher
) -> AccountService:
    client = GW2Client(
        http, base_url="https://api.guildwars2.test", language="en", limiter=TokenBucket(300, 5.0)
    )
    return AccountService(database, client, cipher)


async def tokens(database: Database) -> dict[int, bytes]:
    async with database.session() as session:
        rows = (await session.execute(select(GW2AccountRow))).scalars()
        return {row.user_id: row.key_token for row in rows}


@pytest.mark.usefixtures("cli_env")
async def test_rotation_re_encrypts_every_key_with_the_new_encryption_key(
    database: Database, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    api = FakeAccountAPI()
    api.add_key(GOOD_KEY)
    api.add_key(OTHER_KEY)
    async with httpx.AsyncClient(transport=api.transport()) as http:
        before_rotation = service(database, api, http, KeyCipher(OLD))
        await before_rotation.link(1, GOOD_KEY)
        await before_rotation.link(2, OTHER_KEY)
        before = await tokens(database)

        monkeypatch.setenv("ACCOUNT_ENCRYPTION_KEY", NEW)
        monkeypatch.setenv("ACCOUNT_ENCRYPTION_OLD_KEYS", OLD)
        # While both keys are configured, the bot reads keys encrypted with either.
        during = service(database, api, http, KeyCipher(NEW, [OLD]))
        assert [c.name for c in await during.characters(1)][:1] == ["Lyra Thornwood"]

        assert await gw2opt("accounts", "rotate-key") == 0
        out = capsys.readouterr()
        assert out.out.splitlines() == [
            "Re-encrypted 2 stored API keys with the current ACCOUNT_ENCRYPTION_KEY.",
            "The old keys are no longer needed: remove ACCOUNT_ENCRYPTION_OLD_KEYS and restart the bot.",
        ]
        for secret in (OLD, NEW, GOOD_KEY, OTHER_KEY):
            assert secret not in out.out + out.err

        after = await tokens(database)
        new_only = KeyCipher(NEW)
        assert {user: new_only.decrypt(token) for user, token in after.items()} == {1: GOOD_KEY, 2: OTHER_KEY}
        assert all(after[user] != before[user] and GOOD_KEY.encode() not in after[user] for user in after)
        with pytest.raises(KeyCipherError):
            KeyCipher(OLD).decrypt(after[1])
        # With the old key gone from the settings, the bot still uses the stored keys.
        rotated = service(database, api, http, new_only)
        assert "Kell Stormborn" in [c.name for c in await rotated.characters(1)]


@pytest.mark.usefixtures("cli_env")
async def test_keys_no_configured_key_reads_are_reported_and_left_alone(
    database: Database, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    api = FakeAccountAPI()
    api.add_key(GOOD_KEY)
    api.add_key(OTHER_KEY)
    lost = new_encryption_key()
    async with httpx.AsyncClient(transport=api.transport()) as http:
        await service(database, api, http, KeyCipher(OLD)).link(1, GOOD_KEY)
        await service(database, api, http, KeyCipher(lost)).link(2, OTHER_KEY)
    before = await tokens(database)
    monkeypatch.setenv("ACCOUNT_ENCRYPTION_KEY", NEW)
    monkeypatch.setenv("ACCOUNT_ENCRYPTION_OLD_KEYS", OLD)
    assert await gw2opt("accounts", "rotate-key") == 1
    out = capsys.readouterr()
    assert out.out.startswith("Re-encrypted 1 stored API key with")
    assert "1 stored key could not be decrypted with any configured key and was left unchanged" in out.err
    after = await tokens(database)
    assert after[2] == before[2]
    assert KeyCipher(NEW).decrypt(after[1]) == GOOD_KEY


@pytest.mark.usefixtures("cli_env")
async def test_rotation_needs_an_encryption_key_and_a_valid_one(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert await gw2opt("accounts", "rotate-key") == 2
    assert "ACCOUNT_ENCRYPTION_KEY is not set" in capsys.readouterr().err
    monkeypatch.setenv("ACCOUNT_ENCRYPTION_KEY", "not-a-fernet-key-but-a-secret")
    assert await gw2opt("accounts", "rotate-key") == 2
    err = capsys.readouterr().err
    assert "ACCOUNT_ENCRYPTION_KEY: must be a Fernet key" in err
    assert "not-a-fernet-key-but-a-secret" not in err


def test_new_key_prints_a_usable_encryption_key(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["accounts", "new-key"]) == 0
    out = capsys.readouterr()
    key = out.out.strip()
    check_encryption_key(key)
    assert KeyCipher(key).decrypt(KeyCipher(key).encrypt(GOOD_KEY)) == GOOD_KEY
    assert "gw2opt accounts rotate-key" in out.err


def test_every_account_setting_is_documented() -> None:
    root = Path(__file__).resolve().parents[3]
    names = [name.upper() for name in Settings.model_fields if name.startswith("account_")]
    assert len(names) == 4
    example = (root / ".env.example").read_text("utf-8")
    readme = (root / "README.md").read_text("utf-8")
    for name in names:
        assert f"\n{name}=" in example
        assert f"| `{name}` |" in readme
    assert "gw2opt accounts rotate-key" in readme

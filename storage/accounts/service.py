"""The account service: link and unlink API keys, and read a member's characters with their own key only.

Every keyed request bypasses the response cache (account data is neither shared nor kept after an unlink)
and goes through `_keyed`, which turns GW2 API failures into `AccountError`s worded for the member and keeps
the key's record: a success clears the invalid-key streak, an "invalid key" answer extends it. The key is
decrypted only for the request that needs it and never appears in a message, an exception or a log call.
"""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator, Callable, Iterable, Mapping, Sequence
from contextlib import AbstractContextManager, asynccontextmanager, nullcontext
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol
from urllib.parse import quote

from optimizer.accounts import CharacterGear, armory_stats, item_ids, slots_without_stats
from storage.accounts.keys import (
    EncryptionSettings,
    KeyCipher,
    KeyCipherError,
    cipher_from_settings,
    encryption_keys,
    looks_like_api_key,
)
from storage.accounts.repository import (
    KEYS_PAGE,
    REQUIRED_PERMISSIONS,
    AccountError,
    AccountRepository,
    AccountsDisabledError,
    BrokenKeyPolicy,
    CharacterNotFoundError,
    GW2UnavailableError,
    KeyBrokenError,
    KeyRejectedError,
    LinkedAccount,
    MissingPermissionsError,
    NewLink,
    not_linked,
)
from storage.builds import BuildGear
from storage.db import Database
from storage.gw2api import (
    ACCOUNT,
    SYSTEM_CLOCK,
    TOKEN_INFO,
    AccountAnswer,
    Clock,
    GW2APIError,
    GW2BadAnswer,
    GW2BadRequest,
    GW2Client,
    GW2InvalidKey,
    GW2MissingScope,
    GW2NotFound,
    TokenInfo,
    fetch_many,
)

log = logging.getLogger(__name__)

NAMES_TTL_SECONDS = 300.0
_DISABLED = "Account linking is not set up on this bot: its operator has to set ACCOUNT_ENCRYPTION_KEY first."


@dataclass(frozen=True, slots=True)
class CharacterSummary:
    name: str
    profession: str
    level: int
    race: str
    elite_id: int | None  # the active build tab's third line, when it is set
    build_tabs: int
    equipment_tabs: int


@dataclass(frozen=True, slots=True)
class CharacterTabs:
    """One build tab and one equipment tab of a character, with the items the equipment refers to."""

    character: str
    build_tab: int
    build: Mapping[str, Any]
    equipment_tab: int
    equipment_name: str
    equipment: Sequence[Mapping[str, Any]]
    items: Mapping[int, Mapping[str, Any]]
    armory_stats: Mapping[str, int]


class AccountSettings(EncryptionSettings, Protocol):
    @property
    def account_key_invalid_strikes(self) -> int: ...

    @property
    def account_key_invalid_hours(self) -> float: ...


class _KeyedAPI:
    """GETs with one member's key; the key stays inside (its repr hides it)."""

    def __init__(self, client: GW2Client, key: str) -> None:
        self._client = client
        self._key = key

    def __repr__(self) -> str:
        return "_KeyedAPI(key=…)"

    async def get(self, path: str, params: Mapping[str, str | int] | None = None) -> Any:
        return (await self._client.get(path, params, api_key=self._key, cache="bypass")).data


def _ignore(_key: str) -> None:
    return None


def _no_scope(_key: str) -> AbstractContextManager[object]:
    return nullcontext()


KeyScope = Callable[[str], AbstractContextManager[object]]


def _when(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC")


def _api_failure(error: GW2APIError) -> AccountError:
    if error.transient:
        return GW2UnavailableError()
    if isinstance(error, GW2BadAnswer):
        log.warning("GW2 API answer of an unexpected form: %s", error)
        return AccountError(
            "The GW2 API answered in a form I do not understand (it may be changing right now); "
            "try again later."
        )
    return AccountError(f"The GW2 API refused the request ({error.describe()}); try again later.")


def to_build_gear(gear: CharacterGear) -> BuildGear:
    """An imported equipment tab in the build store's form (known slots only)."""
    return BuildGear(
        slots=dict(gear.slots),
        runes=gear.runes,
        sigils=gear.sigils,
        relic=gear.relic,
        infusions=dict(gear.infusions),
    )


class AccountService:
    def __init__(
        self,
        database: Database,
        gw2: GW2Client,
        cipher: KeyCipher | None,
        *,
        policy: BrokenKeyPolicy | None = None,
        clock: Clock = SYSTEM_CLOCK,
        key_scope: KeyScope = _no_scope,
    ) -> None:
        """`key_scope(key)` is entered around every use of an API key and left when it is done (the bot
        scrubs the key from the logs only for that long)."""
        self._database = database
        self._gw2 = gw2
        self._cipher = cipher
        self._policy = policy or BrokenKeyPolicy()
        self._clock = clock
        self._key_scope = key_scope
        self._names: dict[int, tuple[float, list[str]]] = {}

    @classmethod
    def from_settings(
        cls,
        settings: AccountSettings,
        database: Database,
        gw2: GW2Client,
        *,
        clock: Clock = SYSTEM_CLOCK,
        on_secret: Callable[[str], None] = _ignore,
        key_scope: KeyScope = _no_scope,
    ) -> AccountService:
        """`on_secret` sees the encryption keys now; `key_scope` wraps every use of an API key."""
        current, previous = encryption_keys(settings)
        for secret in (current, *previous):
            if secret:
                on_secret(secret)
        policy = BrokenKeyPolicy(
            settings.account_key_invalid_strikes, timedelta(hours=settings.account_key_invalid_hours)
        )
        return cls(
            database, gw2, cipher_from_settings(settings), policy=policy, clock=clock, key_scope=key_scope
        )

    @property
    def enabled(self) -> bool:
        return self._cipher is not None

    def _require_cipher(self) -> KeyCipher:
        if self._cipher is None:
            raise AccountsDisabledError(_DISABLED)
        return self._cipher

    # -- linking ------------------------------------------------------------------------------------------

    async def link(self, user_id: int, pasted: str) -> LinkedAccount:
        """Check a key with /v2/tokeninfo and /v2/account and store it encrypted (replacing any old one)."""
        cipher = self._require_cipher()
        key = looks_like_api_key(pasted)
        if key is None:
            raise KeyRejectedError(
                "That does not look like a GW2 API key. Copy the whole key from "
                f"{KEYS_PAGE} (it looks like XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXXXXXXXXXX-…)."
            )
        with self._key_scope(key):
            info, account = await self._check_key(key)
            token = cipher.encrypt(key)
        link = NewLink(
            user_id=user_id,
            account_id=account.id,
            account_name=account.name[:64],
            key_token=token,
            key_name=info.name[:200],
            permissions=tuple(sorted(set(info.permissions))),
            key_expires_at=_parse_time(info.expires_at),
            linked_at=self._clock.now(),
        )
        async with self._database.session() as session:
            linked = await AccountRepository(session).save(link)
        self._names.pop(user_id, None)
        log.info("User %s linked a GW2 account", user_id)
        return linked

    async def _check_key(self, key: str) -> tuple[TokenInfo, AccountAnswer]:
        try:
            info: TokenInfo = (
                await self._gw2.get("/v2/tokeninfo", api_key=key, cache="bypass", shape=TOKEN_INFO)
            ).data
            missing = [name for name in REQUIRED_PERMISSIONS if name not in info.permissions]
            if missing:
                raise MissingPermissionsError(missing)
            account: AccountAnswer = (
                await self._gw2.get("/v2/account", api_key=key, cache="bypass", shape=ACCOUNT)
            ).data
        except GW2InvalidKey:
            raise KeyRejectedError(
                "The GW2 API does not accept this key. Check that you copied all of it, or create a new "
                f"one at {KEYS_PAGE}. (If the key is right, the API may be failing: try again later.)"
            ) from None
        except GW2MissingScope as error:
            raise MissingPermissionsError([error.scope or "account"]) from None
        except GW2APIError as error:
            raise _api_failure(error) from None
        return info, account

    async def status(self, user_id: int) -> LinkedAccount:
        async with self._database.session() as session:
            account = await AccountRepository(session).get(user_id)
        if account is None:
            raise not_linked()
        return account

    async def unlink(self, user_id: int) -> LinkedAccount | None:
        """Delete the member's key at once; None when there was none."""
        self._names.pop(user_id, None)
        async with self._database.session() as session:
            removed = await AccountRepository(session).delete(user_id)
        if removed is not None:
            log.info("User %s unlinked their GW2 account", user_id)
        return removed

    # -- reading with the member's key --------------------------------------------------------------------

    async def characters(self, user_id: int) -> list[CharacterSummary]:
        async with self._keyed(user_id) as api:
            data = await api.get("/v2/characters", {"page": 0, "page_size": 200})
        summaries = [_summary(raw) for raw in data if isinstance(raw, Mapping)]
        self._remember(user_id, [c.name for c in summaries])
        return summaries

    async def character_names(self, user_id: int) -> list[str]:
        """The member's character names, from a short-lived memory cache when possible (autocomplete)."""
        cached = self._names.get(user_id)
        if cached is not None and cached[0] > time.monotonic():
            return cached[1]
        async with self._keyed(user_id) as api:
            names = [str(name) for name in await api.get("/v2/characters")]
        self._remember(user_id, names)
        return names

    async def character_tabs(
        self, user_id: int, character: str, *, build_tab: int | None = None, equipment_tab: int | None = None
    ) -> CharacterTabs:
        """A build tab and an equipment tab (the active ones unless given) with the items they use."""
        name = await self._character_name(user_id, character)
        path = f"/v2/characters/{quote(name, safe='')}"
        async with self._keyed(user_id) as api:
            build = await _tab(api, f"{path}/buildtabs", build_tab, name, "build")
            equipment = await _tab(api, f"{path}/equipmenttabs", equipment_tab, name, "equipment")
            entries = [e for e in equipment.get("equipment") or () if isinstance(e, Mapping)]
            found = await fetch_many(self._gw2, "/v2/items", sorted(item_ids(entries)), allow_stale=True)
            items = {int(item["id"]): item for item in found.items}
            tab_number = int(equipment.get("tab") or equipment_tab or 1)
            fallback: dict[str, int] = {}
            if slots_without_stats(entries, items):
                # Legendary-armory items may lack stats in the tab; the character's equipment may have them.
                worn = await api.get(f"{path}/equipment")
                fallback = armory_stats(worn.get("equipment") or (), tab_number)
        return CharacterTabs(
            character=name,
            build_tab=int(build.get("tab") or build_tab or 1),
            build=build.get("build") or {},
            equipment_tab=tab_number,
            equipment_name=str(equipment.get("name") or ""),
            equipment=entries,
            items=items,
            armory_stats=fallback,
        )

    async def _character_name(self, user_id: int, typed: str) -> str:
        names = await self.character_names(user_id)
        wanted = " ".join(typed.split())
        exact = [n for n in names if n == wanted] or [n for n in names if n.casefold() == wanted.casefold()]
        if not exact:
            listed = ", ".join(names[:10]) or "none"
            raise CharacterNotFoundError(
                f"Your account has no character named “{wanted}”. Your characters: {listed}."
            )
        return exact[0]

    def _remember(self, user_id: int, names: list[str]) -> None:
        self._names[user_id] = (time.monotonic() + NAMES_TTL_SECONDS, names)

    @asynccontextmanager
    async def _keyed(self, user_id: int) -> AsyncIterator[_KeyedAPI]:
        cipher = self._require_cipher()
        async with self._database.session() as session:
            found = await AccountRepository(session).key_token(user_id)
        if found is None:
            raise not_linked()
        account, token = found
        if account.broken_at is not None:
            raise KeyBrokenError(_broken_message(account))
        try:
            key = cipher.decrypt(token)
        except KeyCipherError:
            log.warning("The stored API key of user %s cannot be decrypted with the configured keys", user_id)
            raise AccountError(
                "Your stored API key can no longer be read by the bot (its encryption key changed). "
                "Link it again with /account link."
            ) from None
        try:
            with self._key_scope(key):
                yield _KeyedAPI(self._gw2, key)
        except GW2InvalidKey:
            raise await self._invalid(user_id) from None
        except GW2MissingScope as error:
            raise MissingPermissionsError([error.scope or "account"]) from None
        except GW2APIError as error:
            raise _api_failure(error) from None
        async with self._database.session() as session:
            await AccountRepository(session).record_success(user_id, self._clock.now())

    async def _invalid(self, user_id: int) -> AccountError:
        async with self._database.session() as session:
            account = await AccountRepository(session).record_invalid(
                user_id, self._clock.now(), self._policy
            )
        if account is None:
            return not_linked()
        if account.broken_at is not None:
            log.warning(
                "The API key of user %s is marked broken after %d invalid-key answers",
                user_id,
                account.invalid_count,
            )
            return KeyBrokenError(_broken_message(account))
        return KeyRejectedError(
            "The GW2 API answered that your API key is invalid. It sometimes says so by mistake, so the key "
            "stays linked: try again later. If you deleted the key, link a new one with /account link."
        )


def _broken_message(account: LinkedAccount) -> str:
    since = f" since {_when(account.first_invalid_at)}" if account.first_invalid_at else ""
    return (
        f"Your API key was refused as invalid {account.invalid_count} times{since}, so it is marked broken "
        "and no longer used. It has not been deleted: link a new key with /account link, "
        "or remove it with /account unlink."
    )


async def _tab(api: _KeyedAPI, path: str, tab: int | None, character: str, kind: str) -> Mapping[str, Any]:
    try:
        data = await api.get(f"{path}/{tab if tab is not None else 'active'}")
    except GW2NotFound:
        raise CharacterNotFoundError(f"The GW2 API does not know the character “{character}”.") from None
    except GW2BadRequest:
        raise AccountError(f"{character} has no {kind} tab {tab} (or it is not unlocked).") from None
    return data if isinstance(data, Mapping) else {}


def _summary(raw: Mapping[str, Any]) -> CharacterSummary:
    active = int(raw.get("active_build_tab") or 1)
    tabs: Iterable[Any] = raw.get("build_tabs") or ()
    build = next((t.get("build") for t in tabs if isinstance(t, Mapping) and t.get("tab") == active), None)
    lines = list((build or {}).get("specializations") or [])
    third = lines[2] if len(lines) == 3 and isinstance(lines[2], Mapping) else {}
    return CharacterSummary(
        name=str(raw.get("name") or ""),
        profession=str(raw.get("profession") or ""),
        level=int(raw.get("level") or 0),
        race=str(raw.get("race") or ""),
        elite_id=int(third["id"]) if third.get("id") else None,
        build_tabs=int(raw.get("build_tabs_unlocked") or 0),
        equipment_tabs=int(raw.get("equipment_tabs_unlocked") or 0),
    )


def _parse_time(value: Any) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None

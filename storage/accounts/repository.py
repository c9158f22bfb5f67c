"""Linked GW2 accounts: the records (never carrying the API key), the repository, and the errors members see.

The API key lives in the row only as a Fernet token (`storage/accounts/keys.py`). "Invalid key" answers are
counted per streak (reset by any success); a streak that reaches `BrokenKeyPolicy.strikes` answers spread
over at least `BrokenKeyPolicy.span` marks the key broken. A broken key is kept (never silently deleted) until
its owner links another or unlinks.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.accounts.keys import KeyCipher, KeyCipherError
from storage.db import Database
from storage.models import GW2AccountRow

REQUIRED_PERMISSIONS = ("account", "characters", "builds")
KEYS_PAGE = "https://account.arena.net/applications"


class AccountError(Exception):
    """An account request that cannot be done; the message is written for the member."""


class AccountsDisabledError(AccountError):
    pass


class NotLinkedError(AccountError):
    pass


class KeyRejectedError(AccountError):
    pass


class KeyBrokenError(AccountError):
    pass


class MissingPermissionsError(AccountError):
    def __init__(self, missing: Sequence[str]) -> None:
        self.missing = tuple(missing)
        names = ", ".join(f"**{name}**" for name in self.missing)
        super().__init__(
            f"This API key lacks the {names} permission{'s' if len(self.missing) > 1 else ''}. "
            f"Create a key at {KEYS_PAGE} with at least {', '.join(REQUIRED_PERMISSIONS)} ticked, "
            "then run /account link again."
        )


class GW2UnavailableError(AccountError):
    def __init__(self) -> None:
        super().__init__("The GW2 API is unavailable right now; try again in a few minutes.")


class CharacterNotFoundError(AccountError):
    pass


def not_linked() -> NotLinkedError:
    return NotLinkedError("You have not linked a GW2 account. Use /account link to add an API key.")


@dataclass(frozen=True, slots=True)
class LinkedAccount:
    """A member's link, without the key."""

    user_id: int
    account_id: str
    account_name: str
    key_name: str
    permissions: tuple[str, ...]
    key_expires_at: datetime | None
    linked_at: datetime
    last_used_at: datetime | None
    invalid_count: int
    first_invalid_at: datetime | None
    broken_at: datetime | None

    @property
    def broken(self) -> bool:
        return self.broken_at is not None


@dataclass(frozen=True, slots=True)
class BrokenKeyPolicy:
    """When a streak of "invalid key" answers means the key really is gone."""

    strikes: int = 3
    span: timedelta = timedelta(hours=24)

    def breaks(self, count: int, first: datetime, latest: datetime) -> bool:
        return count >= self.strikes and latest - first >= self.span


@dataclass(frozen=True, slots=True)
class NewLink:
    user_id: int
    account_id: str
    account_name: str
    key_token: bytes
    key_name: str
    permissions: tuple[str, ...]
    key_expires_at: datetime | None
    linked_at: datetime


@dataclass(frozen=True, slots=True)
class RotationReport:
    rotated: int
    unreadable: tuple[int, ...]  # user ids whose key no configured encryption key decrypts


def _to_domain(row: GW2AccountRow) -> LinkedAccount:
    return LinkedAccount(
        user_id=row.user_id,
        account_id=row.account_id,
        account_name=row.account_name,
        key_name=row.key_name,
        permissions=tuple(row.permissions),
        key_expires_at=row.key_expires_at,
        linked_at=row.linked_at,
        last_used_at=row.last_used_at,
        invalid_count=row.invalid_count,
        first_invalid_at=row.first_invalid_at,
        broken_at=row.broken_at,
    )


class AccountRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def _row(self, user_id: int, *, lock: bool = False) -> GW2AccountRow | None:
        return await self._session.get(GW2AccountRow, user_id, with_for_update=lock)

    async def get(self, user_id: int) -> LinkedAccount | None:
        row = await self._row(user_id)
        return _to_domain(row) if row is not None else None

    async def key_token(self, user_id: int) -> tuple[LinkedAccount, bytes] | None:
        row = await self._row(user_id)
        return (_to_domain(row), row.key_token) if row is not None else None

    async def save(self, link: NewLink) -> LinkedAccount:
        """Link (or re-link) a member: a new key replaces the old one and starts with a clean record."""
        row = await self._row(link.user_id, lock=True)
        if row is None:
            row = GW2AccountRow(user_id=link.user_id)
            self._session.add(row)
        row.account_id, row.account_name = link.account_id, link.account_name
        row.key_token, row.key_name = link.key_token, link.key_name
        row.permissions = list(link.permissions)
        row.key_expires_at, row.linked_at = link.key_expires_at, link.linked_at
        row.last_used_at = link.linked_at
        row.invalid_count, row.first_invalid_at, row.last_invalid_at, row.broken_at = 0, None, None, None
        await self._session.flush()
        return _to_domain(row)

    async def delete(self, user_id: int) -> LinkedAccount | None:
        row = await self._row(user_id, lock=True)
        if row is None:
            return None
        account = _to_domain(row)
        await self._session.delete(row)
        await self._session.flush()
        return account

    async def record_success(self, user_id: int, at: datetime) -> None:
        row = await self._row(user_id, lock=True)
        if row is not None:
            row.last_used_at = at
            row.invalid_count, row.first_invalid_at, row.last_invalid_at = 0, None, None
            await self._session.flush()

    async def record_invalid(
        self, user_id: int, at: datetime, policy: BrokenKeyPolicy
    ) -> LinkedAccount | None:
        row = await self._row(user_id, lock=True)
        if row is None:
            return None
        row.invalid_count += 1
        row.first_invalid_at = row.first_invalid_at or at
        row.last_invalid_at = at
        if row.broken_at is None and policy.breaks(row.invalid_count, row.first_invalid_at, at):
            row.broken_at = at
        await self._session.flush()
        return _to_domain(row)

    async def user_ids(self) -> list[int]:
        return list((await self._session.execute(select(GW2AccountRow.user_id))).scalars())

    async def rotate(self, user_id: int, cipher: KeyCipher) -> bool:
        """Re-encrypt one stored key with the current encryption key; False when none decrypts it."""
        row = await self._row(user_id, lock=True)
        if row is None:
            return True
        try:
            row.key_token = cipher.rotate(row.key_token)
        except KeyCipherError:
            return False
        await self._session.flush()
        return True


async def rotate_all_keys(database: Database, cipher: KeyCipher) -> RotationReport:
    """Re-encrypt every stored API key with the current encryption key (one unit of work per key, so a
    large table is not locked at once and an interruption loses nothing)."""
    async with database.session() as session:
        user_ids = await AccountRepository(session).user_ids()
    rotated, unreadable = 0, []
    for user_id in user_ids:
        async with database.session() as session:
            if await AccountRepository(session).rotate(user_id, cipher):
                rotated += 1
            else:
                unreadable.append(user_id)
    return RotationReport(rotated, tuple(unreadable))

"""GW2 API keys at rest: Fernet encryption with key rotation, and what a pasted key may look like.

The encryption key comes from the settings (`ACCOUNT_ENCRYPTION_KEY`); previous keys
(`ACCOUNT_ENCRYPTION_OLD_KEYS`) still decrypt, so stored API keys stay readable while `gw2opt accounts
rotate-key` re-encrypts them with the current one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Protocol

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

# Real keys are two GUIDs with the second's last block fused to 8 more hex digits (72 characters);
# subtokens are JWTs. Anything else is refused before it reaches the API.
_KEY_SHAPE = re.compile(r"[A-Za-z0-9._=-]{20,1000}")


class SecretValue(Protocol):
    def get_secret_value(self) -> str: ...


class EncryptionSettings(Protocol):
    """The settings the cipher reads (bot.settings.Settings has them)."""

    @property
    def account_encryption_key(self) -> SecretValue | None: ...

    @property
    def account_encryption_old_keys(self) -> SecretValue | None: ...


class KeyCipherError(Exception):
    """A stored API key cannot be decrypted with any configured encryption key."""


def new_encryption_key() -> str:
    """A fresh key for ACCOUNT_ENCRYPTION_KEY."""
    return Fernet.generate_key().decode("ascii")


def check_encryption_key(value: str) -> None:
    """Raise ValueError (never echoing the value) unless `value` is a usable Fernet key."""
    try:
        Fernet(value.strip())
    except (ValueError, TypeError):
        raise ValueError(
            "must be a Fernet key (44 characters of URL-safe base64); make one with `gw2opt accounts new-key`"
        ) from None


def split_keys(text: str | None) -> list[str]:
    """Comma-separated encryption keys, blanks dropped."""
    return [part.strip() for part in (text or "").split(",") if part.strip()]


def looks_like_api_key(text: str) -> str | None:
    """The key without the spaces and line breaks a paste adds, or None when it cannot be a GW2 API key."""
    key = "".join(text.split())
    return key if _KEY_SHAPE.fullmatch(key) else None


class KeyCipher:
    """Encrypts with the current key; decrypts with the current key or any previous one."""

    def __init__(self, current: str, previous: Sequence[str] = ()) -> None:
        self._current = Fernet(current.strip())
        self._any = MultiFernet([self._current, *(Fernet(key.strip()) for key in previous)])

    def __repr__(self) -> str:
        return "KeyCipher(…)"

    def encrypt(self, api_key: str) -> bytes:
        return self._current.encrypt(api_key.encode("utf-8"))

    def decrypt(self, token: bytes) -> str:
        try:
            return self._any.decrypt(token).decode("utf-8")
        except InvalidToken:
            raise KeyCipherError("no configured encryption key decrypts this stored API key") from None

    def rotate(self, token: bytes) -> bytes:
        """The same API key encrypted with the current encryption key."""
        try:
            return self._any.rotate(token)
        except InvalidToken:
            raise KeyCipherError("no configured encryption key decrypts this stored API key") from None

    def is_current(self, token: bytes) -> bool:
        try:
            self._current.decrypt(token)
        except InvalidToken:
            return False
        return True


def encryption_keys(settings: EncryptionSettings) -> tuple[str | None, list[str]]:
    """(current key, previous keys) from the settings."""
    current = settings.account_encryption_key
    old = settings.account_encryption_old_keys
    return (
        current.get_secret_value().strip() if current is not None else None,
        split_keys(old.get_secret_value() if old is not None else None),
    )


def cipher_from_settings(settings: EncryptionSettings) -> KeyCipher | None:
    """The cipher of the configured keys; None when ACCOUNT_ENCRYPTION_KEY is not set."""
    current, previous = encryption_keys(settings)
    return KeyCipher(current, previous) if current else None

"""Linked GW2 accounts: encrypted API keys, their health, and reading a member's characters with their key.

Owns the account table, key encryption and rotation.
"""

from storage.accounts.keys import (
    KeyCipher,
    KeyCipherError,
    check_encryption_key,
    cipher_from_settings,
    encryption_keys,
    looks_like_api_key,
    new_encryption_key,
    split_keys,
)
from storage.accounts.repository import (
    KEYS_PAGE,
    REQUIRED_PERMISSIONS,
    AccountError,
    AccountsDisabledError,
    BrokenKeyPolicy,
    LinkedAccount,
    NotLinkedError,
    RotationReport,
    rotate_all_keys,
)
from storage.accounts.service import AccountService, CharacterSummary, to_build_gear

__all__ = [
    "KEYS_PAGE",
    "REQUIRED_PERMISSIONS",
    "AccountError",
    "AccountService",
    "AccountsDisabledError",
    "BrokenKeyPolicy",
    "CharacterSummary",
    "KeyCipher",
    "KeyCipherError",
    "LinkedAccount",
    "NotLinkedError",
    "RotationReport",
    "check_encryption_key",
    "cipher_from_settings",
    "encryption_keys",
    "looks_like_api_key",
    "new_encryption_key",
    "rotate_all_keys",
    "split_keys",
    "to_build_gear",
]

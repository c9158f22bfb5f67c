"""Linked GW2 accounts: encrypted API keys, their health, and reading a member's characters with their key.

Owns the account table, key encryption and rotation.
"""

"""How linked accounts look in Discord: status, characters, imports and gear comparisons.

Owns the account embeds.
"""

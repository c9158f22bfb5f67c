"""/build: the guild's build store, and the Decode build link message menu.

Holds the cog.
"""

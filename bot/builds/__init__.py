"""How builds and decoded chat links look in Discord.

Owns the build embeds and autocomplete choices shared by several cogs.
"""

"""How squads look in Discord: rosters by subgroup, coverage grids, checks and autofill results.

Owns the squad embeds and texts shared by the squad cog and the reminder feed.
"""

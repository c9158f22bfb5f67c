"""/help: every slash command with its options, generated from the command tree.

Holds the cog.
"""

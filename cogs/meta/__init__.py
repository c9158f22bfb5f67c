"""/meta: the meta builds of the sources the bot follows (Discretize guides, the guild's shared builds).

Holds the cog and the restart-proof buttons of `/meta show`.
"""

"""/account: link a GW2 API key, see its status, list characters and import them as builds.

Holds the cog and its views.
"""

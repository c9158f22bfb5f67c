"""/squad: plan squads in subgroups, check coverage, post them for sign-ups and auto-assign seats.

Holds the cog, its command groups, posts with restart-proof buttons and the sign-up dialog.
"""

from cogs.squads.support import timezone_autocomplete, timezone_choices

__all__ = ["timezone_autocomplete", "timezone_choices"]

"""/optimize and /stats: the gear search for a template, a profession or a character.

Holds the cogs and the result views.
"""

from cogs.optimize.views import ResultView, search_prepared

__all__ = ["ResultView", "search_prepared"]

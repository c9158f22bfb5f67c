"""/optimize and /stats: the gear search for a template, a profession or a character.

Holds the cogs and the result views.
"""

from cogs.optimize.views import ResultView

__all__ = ["ResultView"]

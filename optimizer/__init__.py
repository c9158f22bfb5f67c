"""Pure Guild Wars 2 game logic: game data, attribute and damage math, gear search, chat links, squads.

Nothing in this package touches Discord, a database or the network.
"""

from optimizer.wording import count, signed

__all__ = ["count", "signed"]

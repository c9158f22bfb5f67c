"""The bundled templates' optimal gear on the current game data, recomputed by the optimizer.

Searches run in the worker pool through the optimizer service. Every digest due at the same minute shares
one computation per game-data version: the first caller computes, the others wait for it, and later
digests read the finished board until the game data changes (a patch that changes itemstats then shows).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from bot.gear_text import slot_group_lines
from bot.optimize import OptimizeService, data_version
from optimizer.builds import list_templates, load_template
from optimizer.gamedata import GameData
from optimizer.gear import BuildResult

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class TemplateGear:
    name: str
    specialization: str
    gear: Mapping[str, str] | None  # slot -> affix; None when it could not be computed this time
    extras: Mapping[str, str]  # runes, relic, sigils as shown
    problem: str | None = None

    def summary(self) -> str:
        if self.gear is None:
            return f"not computed this time ({self.problem or 'unknown reason'})"
        parts = [f"{group} {text}" for group, text in slot_group_lines(self.gear)]
        parts += [f"{value} {kind}" for kind, value in self.extras.items()]
        return " · ".join(parts)


def _extras(result: BuildResult) -> dict[str, str]:
    def text(kind: str) -> str | None:
        value = result.extras.get(kind)
        return " + ".join(value) if isinstance(value, list) else value

    shown = {"runes": text("runes"), "relic": text("relics"), "sigils": text("sigils")}
    return {kind: value for kind, value in shown.items() if value}


class TemplateGearBoard:
    def __init__(self, optimizer: OptimizeService, names: Sequence[str] | None = None) -> None:
        """`names`: the templates to show (None: all of them; empty: none)."""
        self._optimizer = optimizer
        self._names = tuple(names) if names is not None else tuple(t.name for t in list_templates())
        self._board: tuple[str, tuple[TemplateGear, ...]] | None = None
        self._lock = asyncio.Lock()

    @property
    def names(self) -> tuple[str, ...]:
        return self._names

    async def current(self, gamedata: GameData) -> tuple[TemplateGear, ...]:
        version = data_version(gamedata)
        async with self._lock:
            if self._board is not None and self._board[0] == version:
                return self._board[1]
            board = tuple([await self._one(name, gamedata) for name in self._names])
            if all(entry.gear is not None for entry in board):
                self._board = (version, board)
            return board

    async def _one(self, name: str, gamedata: GameData) -> TemplateGear:
        info = next(t for t in list_templates() if t.name == name)
        try:
            answer = await self._optimizer.search(load_template(name).with_top(1), gamedata)
        except Exception as error:  # one template must not cost the digest the others
            log.warning("Template %s could not be optimized for the digest: %s", name, error)
            return TemplateGear(
                name, info.specialization, None, {}, problem=str(error) or type(error).__name__
            )
        best = answer.result.results[0]
        return TemplateGear(name, info.specialization, dict(best.gear), _extras(best))

"""Extras choices: one option per listed kind (runes, sigils, food, utility, relics; two distinct sigils).

Combinations are numbered like itertools.product over the kinds in EXTRA_KINDS order (the last kind
varies fastest); each combination is one character model and one search sharing the result list.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from optimizer.gear.catalog import EXTRA_KINDS, find_item
from optimizer.gear.modifiers import Modifier
from optimizer.gear.scenario import Scenario
from optimizer.gear.slots import GameMode

Label = str | list[str]


@dataclass(frozen=True, slots=True)
class ExtrasOption:
    label: Label  # what a result shows: "Scholar", or ["Force", "Impact"] for the sigil pair
    modifiers: tuple[Modifier, ...]


@dataclass(frozen=True, slots=True, eq=False)
class ExtrasChoices:
    kinds: tuple[str, ...]  # the listed kinds, EXTRA_KINDS order
    options: tuple[tuple[ExtrasOption, ...], ...]  # per kind

    @property
    def strides(self) -> tuple[int, ...]:
        strides = []
        stride = 1
        for options in reversed(self.options):
            strides.append(stride)
            stride *= len(options)
        return tuple(reversed(strides))

    @property
    def count(self) -> int:
        total = 1
        for options in self.options:
            total *= len(options)
        return total

    def digits(self, index: int) -> list[int]:
        """The option index of every kind for combination `index`."""
        return [
            (index // stride) % len(options)
            for stride, options in zip(self.strides, self.options, strict=True)
        ]

    def choice(self, index: int) -> dict[str, Label]:
        return {
            kind: self.options[k][digit].label
            for k, (kind, digit) in enumerate(zip(self.kinds, self.digits(index), strict=True))
        }

    def modifiers(self, index: int) -> tuple[Modifier, ...]:
        return tuple(
            modifier
            for k, digit in enumerate(self.digits(index))
            for modifier in self.options[k][digit].modifiers
        )


def _options(kind: str, entries: Sequence[str | Modifier], game_mode: GameMode) -> list[ExtrasOption]:
    resolved = [
        (entry, find_item(kind, entry).for_mode(game_mode)) if isinstance(entry, str) else (entry.name, entry)
        for entry in entries
    ]
    if kind != "sigils":
        return [ExtrasOption(name, (modifier,)) for name, modifier in resolved]
    if len(resolved) == 1:
        return [ExtrasOption([resolved[0][0]], (resolved[0][1],))]
    return [ExtrasOption([a[0], b[0]], (a[1], b[1])) for a, b in itertools.combinations(resolved, 2)]


def extras_choices(scenario: Scenario) -> ExtrasChoices:
    kinds: list[str] = []
    options: list[tuple[ExtrasOption, ...]] = []
    for kind in EXTRA_KINDS:
        entries = getattr(scenario.extras, kind)
        if entries:
            kinds.append(kind)
            options.append(tuple(_options(kind, entries, scenario.game_mode)))
    return ExtrasChoices(tuple(kinds), tuple(options))

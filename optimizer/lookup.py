"""Case-insensitive name lookup whose failures list the valid names and suggest the closest one."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable

from optimizer.errors import ScenarioError
from optimizer.json_input import shown

_NOT_ALNUM = re.compile(r"[^a-z0-9%]+")


def normalize(name: str) -> str:
    """The comparison form of a name: "Berserker's and Valkyrie" and "berserkervalkyrie" are equal."""
    lowered = name.lower().replace("'s ", " ").replace(" and ", " ")
    lowered = lowered.removesuffix("'s")
    return _NOT_ALNUM.sub("", lowered)


def unknown_name_message(value: str, valid: Iterable[str], what: str) -> str:
    names = list(valid)
    by_key = {normalize(name): name for name in names}
    # A long text is no misspelt name (and comparing it with every name would take long).
    close = (
        difflib.get_close_matches(normalize(value), list(by_key), n=1, cutoff=0.6) if len(value) < 80 else []
    )
    hint = f" (did you mean {by_key[close[0]]!r}?)" if close else ""
    return f"unknown {what} {shown(value)}{hint}; valid: {', '.join(names)}"


def resolve(value: str, valid: Iterable[str], what: str) -> str:
    """The canonical spelling of `value` among `valid`, or a ScenarioError listing them."""
    names = list(valid)
    by_key = {normalize(name): name for name in names}
    found = by_key.get(normalize(value))
    if found is None:
        raise ScenarioError(unknown_name_message(value, names, what))
    return found

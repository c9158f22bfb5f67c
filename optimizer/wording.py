"""Numbers in user texts: a count with its noun in agreement, and a signed change that is never -0."""

from __future__ import annotations


def count(number: int, noun: str, plural: str | None = None) -> str:
    """`1 combination`, `2 combinations`, `1,234 bytes`; `plural` for nouns that do not just add an s."""
    word = noun if number == 1 else (plural or f"{noun}s")
    return f"{number:,} {word}"


def signed(value: float, places: int = 2) -> str:
    """`+1.25`, `-0.40`, and `±0.00` for anything that rounds to zero (a plain format would show -0.00)."""
    rounded = round(value, places)
    if rounded == 0:
        return f"±{0:.{places}f}"
    return f"{rounded:+,.{places}f}"

"""Names members give (builds, squads): cleaned, and within one limit on every backend.

A name is stored as typed and case-folded (the key that keeps names unique regardless of case); folding
can lengthen it ("ß" becomes "ss"), so both forms must fit the limit.
"""

from __future__ import annotations

NAME_MAX = 100


def name_key(name: str) -> str:
    return name.casefold()


def name_length_problem(name: str, what: str) -> str | None:
    """The message for a cleaned `name` that does not fit, else None; `what` is e.g. "Build names"."""
    if len(name) > NAME_MAX:
        return f"{what} have at most {NAME_MAX} characters (this one has {len(name)})."
    folded = len(name_key(name))
    if folded > NAME_MAX:
        return (
            f"{what} have at most {NAME_MAX} characters, counted as compared without case, where letters "
            f"such as “ß” count as two (this one has {folded}). Shorten it by {folded - NAME_MAX}."
        )
    return None

"""Look-up of game-data records by id, by exact name and by fuzzy name for autocomplete."""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Iterable, Iterator
from difflib import SequenceMatcher
from typing import Any, Generic, Protocol, TypeVar


class NamedRecord(Protocol):
    @property
    def id(self) -> Any: ...

    @property
    def name(self) -> str: ...


K = TypeVar("K", bound=Hashable)
R = TypeVar("R", bound=NamedRecord)

_APOSTROPHES = re.compile(r"['’`]")
_SEPARATORS = re.compile(r"[^0-9a-z]+")
# Below this similarity a typo-tolerant match is noise rather than a suggestion.
_MIN_SIMILARITY = 0.7


def normalize_name(text: str) -> str:
    """Case-, apostrophe- and punctuation-insensitive form: "Berserker's" and "berserkers" match."""
    folded = _APOSTROPHES.sub("", text.casefold())
    return _SEPARATORS.sub(" ", folded).strip()


def match_rank(query: str, name: str) -> tuple[int, float] | None:
    """Rank of `name` for a normalized query, lower is better; None when it does not match at all.

    0 exact, 1 prefix, 2 a word starts with the query, 3 substring, 4 typo-tolerant similarity.
    """
    if not query:
        return (1, 0.0)
    if name == query:
        return (0, 0.0)
    if name.startswith(query):
        return (1, 0.0)
    if any(word.startswith(query) for word in name.split()):
        return (2, 0.0)
    if query in name:
        return (3, 0.0)
    best = 0.0
    for candidate in (name, name[: len(query)], *name.split()):
        matcher = SequenceMatcher(None, query, candidate)
        if matcher.real_quick_ratio() >= _MIN_SIMILARITY and matcher.quick_ratio() >= _MIN_SIMILARITY:
            best = max(best, matcher.ratio())
    return (4, -best) if best >= _MIN_SIMILARITY else None


class Catalog(Generic[K, R]):
    """An immutable collection of records indexed by id and by normalized name."""

    __slots__ = ("_by_id", "_by_name", "_names")

    def __init__(self, records: Iterable[R]) -> None:
        ordered = sorted(records, key=lambda r: r.id)
        self._by_id: dict[K, R] = {r.id: r for r in ordered}
        self._names: tuple[tuple[str, R], ...] = tuple((normalize_name(r.name), r) for r in ordered)
        by_name: dict[str, list[R]] = {}
        for norm, record in self._names:
            by_name.setdefault(norm, []).append(record)
        self._by_name = {k: tuple(v) for k, v in by_name.items()}

    def __len__(self) -> int:
        return len(self._by_id)

    def __iter__(self) -> Iterator[R]:
        return iter(self._by_id.values())

    def __contains__(self, key: object) -> bool:
        return key in self._by_id

    def get(self, key: K) -> R | None:
        return self._by_id.get(key)

    def ids(self) -> frozenset[K]:
        return frozenset(self._by_id)

    def named(self, name: str) -> tuple[R, ...]:
        """Every record with this name, ignoring case and punctuation (skill and itemstat names repeat)."""
        return self._by_name.get(normalize_name(name), ())

    def first_named(self, name: str) -> R | None:
        found = self.named(name)
        return found[0] if found else None

    def search(self, query: str, *, limit: int = 25, where: Callable[[R], bool] | None = None) -> list[R]:
        """Best matches for autocomplete: exact, then prefix, word prefix, substring, then near misses."""
        wanted = normalize_name(query)
        scored: list[tuple[tuple[int, float], int, str, R]] = []
        for norm, record in self._names:
            if where is not None and not where(record):
                continue
            rank = match_rank(wanted, norm)
            if rank is not None:
                # Shorter names first among equal ranks ("Fire" before "Firebrand"); alphabetical when empty.
                scored.append((rank, len(norm) if wanted else 0, norm, record))
        scored.sort(key=lambda item: item[:3])
        return [record for *_, record in scored[: max(limit, 0)]]

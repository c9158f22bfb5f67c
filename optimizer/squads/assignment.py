"""Exact auto-assignment of sign-ups to squad slots so that every subgroup is covered.

What "best" means, in order (each criterion only breaks ties of the ones before it):
1. as many of the required boons and duties (`SquadMode.required`) covered, subgroup by subgroup, as any
   assignment can cover: all of them whenever that is possible;
2. as many sign-ups seated as possible;
3. earlier sign-ups seated before later ones (the bench is the waitlist);
4. the smallest total preference rank (0 for a player's first choice, 1 for the second, …);
5. the same answer for the same input.
Locked slots keep their members. A player only gets a role they chose and, unless the leader allows
flexible roles, only in a slot that asks for that role.

How: within a subgroup a player's choice has a *shape*, the part of what the subgroup still needs that it
provides, and sits in a *seat group* (the slot role it needs, or any free seat with flexible roles). A
subgroup is covered exactly when it holds a *pattern*: an irredundant set of (seat group, shape) keys whose
shapes cover its needs. Once every subgroup has a pattern, the rest is a min-cost flow with lower bounds
(players → keys → seats), which is exact and integral. A branch and bound over the patterns finds the best;
subgroups that need the same and have the same free seats are merged (a count per pattern), as are players
with the same choices, so a WvW squad of ten identical parties is a handful of small flows. Its bounds come
from the flow without the undecided subgroups' patterns, tightened by Lagrangian prices on "every subgroup
of this class has this duty" (rewards for providers; any prices give a valid bound).

When not everything can be covered, a coverage-only search (seats, order and ranks cost nothing) finds the
most that can be, exactly, and the weighed search then looks for the best seating with that coverage. The
proof that a seating is best for criteria 2–4 may stop after `_WORK_LIMIT` flows; the result then says it
is not proven (`AutofillResult.optimal`). Coverage is never cut short.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations

from optimizer.squads.coverage import SquadSlot, compute_coverage, validate_layout
from optimizer.squads.flow_network import FlowNetwork, max_matching
from optimizer.squads.roles import Boon, Role, SquadMode

__all__ = ["AutofillResult", "Placement", "Shortfall", "Signup", "SignupChoice", "autofill"]


@dataclass(frozen=True, slots=True)
class SignupChoice:
    """A role a player offers to play and what they provide in it (from their build, else the catalog)."""

    role: Role
    boons: frozenset[Boon]


@dataclass(frozen=True, slots=True)
class Signup:
    """A player's sign-up, choices most wanted first. Sign-ups are passed in the order they arrived."""

    member_id: int
    choices: tuple[SignupChoice, ...]

    def __post_init__(self) -> None:
        if not self.choices:
            raise ValueError(f"member {self.member_id} signed up without choosing a role")


@dataclass(frozen=True, slots=True)
class Placement:
    subgroup: int
    position: int
    member_id: int
    choice: int  # index into the sign-up's choices: 0 is the player's first choice
    role: Role
    boons: frozenset[Boon]


@dataclass(frozen=True, slots=True)
class Shortfall:
    """A required boon or duty that a subgroup lacks in the best assignment, and why no assignment has it."""

    subgroup: int
    duty: Boon
    reason: str

    def __str__(self) -> str:
        return f"subgroup {self.subgroup} has no {self.duty.label.lower()}: {self.reason}"


@dataclass(frozen=True, slots=True)
class AutofillResult:
    slots: tuple[SquadSlot, ...]  # the whole squad afterwards: locks unchanged, every other slot refilled
    placements: tuple[Placement, ...]  # the sign-ups seated, by subgroup and position
    bench: tuple[int, ...]  # member ids left without a seat, in sign-up order
    shortfalls: tuple[Shortfall, ...]  # empty exactly when every subgroup is covered
    total_rank: int
    # False if the search stopped at its work limit: the coverage is still the best possible, but a seating
    # with more seats, earlier sign-ups or lower ranks may exist. True in every case measured so far except
    # deliberately irregular squads (see bench/autofill_bench.py).
    optimal: bool = True

    @property
    def complete(self) -> bool:
        return not self.shortfalls


def autofill(
    mode: SquadMode, slots: Iterable[SquadSlot], signups: Sequence[Signup], *, flexible_roles: bool = False
) -> AutofillResult:
    """Seat `signups` (in sign-up order) in the unlocked `slots`; see the module docstring for what is
    optimised. With `flexible_roles` a player may take any free seat, and the slot takes the player's role."""
    squad = tuple(sorted(slots, key=lambda s: (s.subgroup, s.position)))
    validate_layout(mode, squad)
    locked = {slot.member_id for slot in squad if slot.locked}
    pending = [signup for signup in signups if signup.member_id not in locked]
    if len({signup.member_id for signup in pending}) != len(pending):
        raise ValueError("a member signed up twice")
    return _Problem(mode, squad, pending, flexible_roles).solve()


Seat = Role | None  # the slot role a player needs, or None: any free seat (flexible roles)
Key = tuple[Seat, frozenset[Boon]]  # (seat group, shape)
Pattern = tuple[Key, ...]
Bounds = tuple[tuple[tuple[int, Key], int], ...]  # ((group class, key), at least this many players), sorted
Prices = tuple[tuple[tuple[int, Boon], int], ...]  # ((group class, duty), reward per provider, in 1/_SCALE)
_SCALE = 4  # flow costs are multiplied by this so that duty prices can be fractions of a rank
# Flows a search may spend proving that a seating which already covers as much as possible is also the best
# for seats, sign-up order and ranks; past it the best seating found is returned (`optimal` False).
_WORK_LIMIT = 400


def _key_order(key: Key) -> tuple[str, list[str]]:
    return (key[0] or "", sorted(key[1]))


@dataclass(frozen=True, slots=True)
class _Groups:
    """Interchangeable subgroups: same remaining needs, same free seats per seat group."""

    numbers: tuple[int, ...]
    needs: frozenset[Boon]
    seats: tuple[tuple[Seat, int], ...]


@dataclass(frozen=True, slots=True)
class _Players:
    """Interchangeable sign-ups (same roles, same shapes, same order of choices), in sign-up order."""

    indices: tuple[int, ...]
    choices: tuple[tuple[Role, frozenset[Boon]], ...]


@dataclass(frozen=True, slots=True)
class _Flow:
    cost: int  # what this seating costs
    raw: int  # _SCALE × the Lagrangian bound for its prices (see _Problem.bound)
    benched: tuple[int, ...]  # per player class
    seated: dict[tuple[int, int, Key], int]  # (player class, group class, key) → players
    units: dict[tuple[int, Key], int]  # (group class, key) → players


class _Problem:
    def __init__(
        self,
        mode: SquadMode,
        squad: tuple[SquadSlot, ...],
        signups: list[Signup],
        flexible: bool,
        weigh: bool = True,
    ):
        """With `weigh` False only coverage counts (seats, order and ranks cost nothing)."""
        self.mode, self.squad, self.signups, self.flexible, self.weigh = mode, squad, signups, flexible, weigh
        self.groups = self._group_classes()
        self.players = self._player_classes()
        # Costs in one integer: bench seats ≫ who is benched (earlier sign-ups weigh more) ≫ ranks.
        spread, count = sum(len(s.choices) - 1 for s in signups) + 1, len(signups)
        self.bench_cost = [
            (spread << count) + (spread << (count - 1 - i)) if weigh else 0 for i in range(count)
        ]
        self.uncovered_cost = (2 * count * spread << count) + spread if weigh else 1  # > any seating cost
        self.must = 2 * self.uncovered_cost  # the price of a lower bound: cheaper than anything else
        self.ranks = [[self._ranks(p, g, weigh) for g in self.groups] for p in self.players]
        self.keys = [
            sorted({key for p in range(len(self.players)) for key in self.ranks[p][g]}, key=_key_order)
            for g in range(len(self.groups))
        ]
        self.memo: dict[tuple[Bounds, Prices], _Flow | None] = {}
        self.prices: Prices = ()  # the duty prices of the last search, once it needed them
        self.proven = True  # False once a search stopped at _WORK_LIMIT
        self.class_of = {number: groups for groups in self.groups for number in groups.numbers}
        self.infeasible: list[dict[tuple[int, Key], int]] = []

    def seat_of(self, role: Role) -> Seat:
        return None if self.flexible else role

    def _group_classes(self) -> list[_Groups]:
        needs: dict[int, set[Boon]] = {}
        seats: dict[int, dict[Seat, int]] = {}
        for slot in self.squad:
            needs.setdefault(slot.subgroup, set(self.mode.required))
            free = seats.setdefault(slot.subgroup, {})
            if slot.locked:
                needs[slot.subgroup] -= slot.boons or frozenset()
            else:
                free[self.seat_of(slot.role)] = free.get(self.seat_of(slot.role), 0) + 1
        merged: dict[tuple[frozenset[Boon], tuple[tuple[Seat, int], ...]], list[int]] = {}
        for number, need in needs.items():
            layout = tuple(sorted(seats[number].items(), key=lambda item: item[0] or ""))
            merged.setdefault((frozenset(need), layout), []).append(number)
        return [_Groups(tuple(numbers), need, layout) for (need, layout), numbers in merged.items()]

    def _player_classes(self) -> list[_Players]:
        merged: dict[tuple[tuple[Role, frozenset[Boon]], ...], list[int]] = {}
        for index, signup in enumerate(self.signups):
            shape = tuple((c.role, c.boons & self.mode.required) for c in signup.choices)
            merged.setdefault(shape, []).append(index)
        return [_Players(tuple(indices), shape) for shape, indices in merged.items()]

    def _ranks(self, players: _Players, groups: _Groups, weigh: bool) -> dict[Key, int]:
        """Key → rank of the players' best choice that takes that key in these subgroups (0 unweighed)."""
        seats = {seat for seat, _ in groups.seats}
        best: dict[Key, int] = {}
        for rank, (role, boons) in enumerate(players.choices):
            if self.seat_of(role) in seats:
                best.setdefault((self.seat_of(role), boons & groups.needs), rank if weigh else 0)
        return best

    def patterns(self, g: int, partial: bool) -> list[tuple[int, Pattern]]:
        """(uncovered needs, pattern), fewest uncovered first; only complete covers unless `partial`."""
        groups, seats = self.groups[g], dict(self.groups[g].seats)
        shapes = [key for key in self.keys[g] if key[1]]
        found = []
        for size in range(len(groups.needs) + 1):
            for pattern in combinations(shapes, size):
                union = frozenset[Boon]().union(*(shape for _, shape in pattern))
                others = [frozenset[Boon]().union(*(o[1] for o in pattern if o is not k)) for k in pattern]
                if any(key[1] <= rest for key, rest in zip(pattern, others, strict=True)):
                    continue  # redundant: a smaller pattern says the same
                if any(sum(key[0] == seat for key in pattern) > count for seat, count in seats.items()):
                    continue
                if partial or union == groups.needs:
                    found.append((len(groups.needs - union), pattern))
        return sorted(found, key=lambda item: item[0])

    def flow(self, bounds: Bounds, prices: Prices = ()) -> _Flow | None:
        """The best seating with at least `bounds[g, key]` players of each key in group class g, or None.
        Seating a player earns back their bench cost, so only players worth seating are routed; each
        lower bound is a demand at its key and a supply at its seat group, both priced to be met first.
        `prices` reward players for each duty they provide (a Lagrangian relaxation of "every subgroup of
        class g has the duty"); `bound` then turns the result into a lower bound."""
        if (bounds, prices) in self.memo:
            return self.memo[bounds, prices]
        low, reward = dict(bounds), dict(prices)
        if any(all(low.get(k, 0) >= v for k, v in bad.items()) for bad in self.infeasible):
            return None
        net = FlowNetwork()
        source, sink = net.node(), net.node()
        seat_node = {(g, s): net.node() for g, groups in enumerate(self.groups) for s, _ in groups.seats}
        key_node = {(g, key): net.node() for g in range(len(self.groups)) for key in self.keys[g]}
        for (g, seat), node in seat_node.items():
            net.edge(node, sink, dict(self.groups[g].seats)[seat] * len(self.groups[g].numbers), 0)
        for (g, key), node in key_node.items():
            net.edge(node, seat_node[g, key[0]], len(self.signups), 0)
        joins, choice = [], {}
        for p, players in enumerate(self.players):
            node = net.node()
            joins.append([net.edge(source, node, 1, -_SCALE * self.bench_cost[i]) for i in players.indices])
            for g in range(len(self.groups)):
                for key, rank in self.ranks[p][g].items():
                    price = _SCALE * rank - sum(reward.get((g, duty), 0) for duty in key[1])
                    choice[p, g, key] = net.edge(node, key_node[g, key], len(players.indices), price)
        # A lower bound outweighs every seating cost and every reward together.
        must = _SCALE * self.must + len(self.signups) * sum(reward.values())
        demands = []
        for (g, key), count in bounds:
            demands.append(net.edge(key_node[g, key], sink, count, -must))
            demands.append(net.edge(source, seat_node[g, key[0]], count, -must))
        cost = net.cheapest_flow(source, sink)
        if any(net.cap[e] for e in demands):
            self.infeasible.append(low)
            self.memo[bounds, prices] = None
            return None
        placed = {k: net.flow(e) for k, e in choice.items() if net.flow(e)}
        units: dict[tuple[int, Key], int] = {}
        for (_, g, key), n in placed.items():
            units[g, key] = units.get((g, key), 0) + n
        benched = tuple(sum(1 - net.flow(e) for e in edges) for edges in joins)
        true_cost = sum(n * self.ranks[p][g][key] for (p, g, key), n in placed.items()) + sum(
            self.bench_cost[i]
            for p, b in enumerate(benched)
            for i in self.players[p].indices[len(self.players[p].indices) - b :]
        )
        raw = cost + _SCALE * sum(self.bench_cost) + 2 * must * sum(low.values())
        raw += sum(price * len(self.groups[g].numbers) for (g, _), price in prices)
        self.memo[bounds, prices] = result = _Flow(true_cost, raw, benched, placed, units)
        return result

    def bound(self, flow: _Flow, prices: Prices, drop: int = 0) -> int:
        """No seating within the flow's lower bounds that leaves at most `drop` needs uncovered costs less
        (without prices: the flow's own cost). Dropping a need forgoes its price, so the `drop` highest
        prices come off; costs are whole numbers, so a fractional bound rounds up."""
        return -(-(flow.raw - sum(price for price, _ in self.dropped(prices, drop))) // _SCALE)

    def dropped(self, prices: Prices, drop: int) -> list[tuple[int, tuple[int, Boon]]]:
        """The `drop` highest-priced needs, as (price, (group class, duty)), one per subgroup."""
        needs = ((price, c) for c, price in prices for _ in self.groups[c[0]].numbers)
        return sorted(needs, key=lambda item: -item[0])[:drop]

    def tighten(
        self, relaxed: _Flow, ceiling: int | None, cap: int | None = None, drop: int = 0, budget: int = 40
    ) -> tuple[Prices, int]:
        """Duty prices that raise the relaxation's bound (any prices give a valid bound): coordinate ascent,
        each price moved by a doubling-then-halving line search on the sign of its duty's shortfall, within
        `budget` flows, no price above `cap` (with partial covers a price may not exceed what an uncovered
        need costs), for seatings that leave at most `drop` needs uncovered. Returns the best prices found
        and their bound; stops once it reaches `ceiling`."""
        need = {
            (g, d): len(groups.numbers) for g, groups in enumerate(self.groups) for d in sorted(groups.needs)
        }
        price = dict.fromkeys(need, 0)
        best: list[tuple[int, Prices]] = [(relaxed.cost, ())]
        budget += len(self.memo)

        def short(c: tuple[int, Boon], value: int) -> int:
            """Players short of `need` for duty c when its price is `value` (others as they are)."""
            trial = {**price, c: value}
            prices = tuple(sorted(((k, v) for k, v in trial.items() if v), key=lambda i: (i[0][0], i[0][1])))
            flow = self.flow((), prices)
            assert flow is not None  # no lower bounds: always feasible
            if self.bound(flow, prices, drop) > best[0][0]:
                best[0] = (self.bound(flow, prices, drop), prices)
            provided = sum(m for (h, key), m in flow.units.items() if h == c[0] and c[1] in key[1])
            return need[c] - provided - sum(1 for _, d in self.dropped(prices, drop) if d == c)

        for _ in range(2):
            for c in need:
                low, step = price[c], 1
                if short(c, low) <= 0:
                    continue
                if cap is not None and short(c, cap) > 0:  # short even at the highest price: keep that
                    price[c] = cap
                    continue
                while (
                    len(self.memo) < budget and (cap is None or low + step < cap) and short(c, low + step) > 0
                ):
                    low, step = low + step, step * 2
                high = low + step if cap is None else min(low + step, cap)
                while len(self.memo) < budget and high - low > 1:
                    middle = (low + high) // 2
                    low, high = (middle, high) if short(c, middle) > 0 else (low, middle)
                price[c] = high
                if ceiling is not None and best[0][0] >= ceiling:
                    return best[0][1], best[0][0]
        if ceiling is None:
            return best[0][1], best[0][0]
        # Knowing a seating that costs `ceiling`, subgradient steps of Polyak's length.
        scale = 1.0
        for _ in range(20):
            before = best[0][0]
            slope = {c: short(c, price[c]) for c in need}
            norm = sum(v * v for v in slope.values())
            if before >= ceiling or not norm:
                break
            move = scale * _SCALE * (ceiling - before) / norm
            price = {c: max(0, price[c] + round(move * v)) for c, v in slope.items()}
            price = {c: v if cap is None else min(v, cap) for c, v in price.items()}
            scale = scale if best[0][0] > before else scale / 2
        return best[0][1], best[0][0]

    def search(
        self,
        partial: bool,
        missing: int | None = None,
        start: list[list[int]] | None = None,
        coverage: _Problem | None = None,
    ) -> tuple[list[list[int]], list[list[tuple[int, Pattern]]], _Flow] | None:
        """Branch and bound over the patterns of each group class. A node's flow is first completed, where
        it can be, with patterns its seated players already form; only a class whose completion leaves more
        uncovered than necessary is branched on: which pattern its next subgroup takes (in non-decreasing
        pattern order, so each multiset is met once), cheapest child first. `missing` is known to be the
        fewest needs any seating leaves uncovered, `start` pattern counts that achieve it, and `coverage`
        the coverage-only problem that found them, whose priced flows bound what a node can still cover."""
        options = [self.patterns(g, partial) for g in range(len(self.groups))]
        if any(not found for found in options):
            return None
        sizes = [len(groups.numbers) for groups in self.groups]
        floor = [found[0][0] for found in options]
        # Each duty alone reaches at most so many subgroups; what no duty can reach stays uncovered.
        short = sum(len(needing) - reached for _, needing, reached in map(self.reach, self.mode.required))
        if short and not partial:
            return None
        short, drop = max(short, missing or 0), missing or 0
        relaxed = self.flow(())
        assert relaxed is not None  # without lower bounds, benching everyone is always possible
        least = max(short, sum(f * n for f, n in zip(floor, sizes, strict=True)))
        target = relaxed.cost + least * self.uncovered_cost
        chosen: list[list[int]] = [[] for _ in options]
        best: list[tuple[int, list[list[int]], _Flow]] = []
        prices: Prices = ()

        def bounds(picked: list[list[int]] = chosen) -> Bounds:
            low: dict[tuple[int, Key], int] = {}
            for g, picks in enumerate(picked):
                for t in picks:
                    for key in options[g][t][1]:
                        low[g, key] = low.get((g, key), 0) + 1
            return tuple(sorted(low.items(), key=lambda item: (item[0][0], _key_order(item[0][1]))))

        def complete(flow: _Flow, left: list[int]) -> tuple[int | None, int | None]:
            """Complete the undecided subgroups from what `flow` seats; keep it if it is the best so far.
            Returns (its total or None, the first class completed with more uncovered than necessary)."""
            low, completion, branch = dict(bounds()), [], None
            for g, found in enumerate(options):
                spare = {key: n - low.get((g, key), 0) for (h, key), n in flow.units.items() if h == g}
                done = _complete(found, left[g], spare)
                completion.append(done)
                if branch is None and (done is None or done[0] > floor[g] * left[g]):
                    branch = g
            if any(done is None for done in completion):
                return None, branch
            penalty = sum(options[g][t][0] for g, picks in enumerate(chosen) for t in picks)
            total = flow.cost + (penalty + sum(d[0] for d in completion if d)) * self.uncovered_cost
            if not best or total < best[0][0]:
                merged = [
                    [picks.count(t) + n for t, n in enumerate(d[1])]
                    for picks, d in zip(chosen, completion, strict=True)
                    if d
                ]
                best[:] = [(total, merged, flow)]
            return total, branch

        def visit(flow: _Flow) -> bool:
            """Explore the node `chosen`, whose relaxation under the current prices is `flow`; True once the
            best seating is proven optimal."""
            nonlocal target, prices
            if best and self.weigh and len(self.memo) - opened > _WORK_LIMIT:
                self.proven = False  # the coverage is the best possible; the rest is the best found
                return True
            left = [n - len(picks) for n, picks in zip(sizes, chosen, strict=True)]
            penalty = sum(options[g][t][0] for g, picks in enumerate(chosen) for t in picks)
            uncovered = max(short, penalty + sum(f * n for f, n in zip(floor, left, strict=True)))
            if coverage is not None and coverage.prices:
                reach = coverage.flow(bounds(), coverage.prices)
                if reach is None:
                    return False
                uncovered = max(uncovered, coverage.bound(reach, coverage.prices))
            base = uncovered * self.uncovered_cost
            # Unpriced, the flow bounds what seating costs; priced, the whole objective, or (with `drop`
            # needs known to stay uncovered) what seating costs when no more than those are uncovered.
            if not prices:
                bound = flow.cost + base
            elif not drop:
                bound = max(self.bound(flow, prices), relaxed.cost + base)
            else:
                worse = relaxed.cost + (drop + 1) * self.uncovered_cost
                bound = max(relaxed.cost + base, min(self.bound(flow, prices, drop) + base, worse))
            if best and bound >= best[0][0]:
                return False
            _, branch = complete(flow, left)
            if not prices and not any(chosen) and (not best or best[0][0] > target):
                cap = self.uncovered_cost * _SCALE if partial and not drop else None
                ceiling = best[0][0] - drop * self.uncovered_cost if best else None
                prices, root = self.tighten(flow, ceiling, cap, drop)
                self.prices, target = prices, max(target, root + drop * self.uncovered_cost)
                if prices:
                    flow = self.flow((), prices) or flow
                    _, branch = complete(flow, left)
            if best and best[0][0] <= max(bound, target):
                return best[0][0] <= target
            if branch is None:  # completed, but perhaps not as cheaply as the bound promises
                branch = next((g for g, n in enumerate(left) if n), None)
            if branch is None:  # every subgroup has its pattern: the unpriced flow is exact here
                exact = self.flow(bounds())
                if exact is not None:
                    complete(exact, left)
                return bool(best) and best[0][0] <= target
            children = []
            for t in range(chosen[branch][-1] if chosen[branch] else 0, len(options[branch])):
                chosen[branch].append(t)
                child = self.flow(bounds(), prices)
                chosen[branch].pop()
                if child is not None:
                    penalty = 0 if prices and not drop else options[branch][t][0] * self.uncovered_cost
                    children.append((self.bound(child, prices, drop) + penalty, t, child))
            for _, t, child in sorted(children, key=lambda item: (item[0], item[1])):
                chosen[branch].append(t)
                proven = visit(child)
                chosen[branch].pop()
                if proven:
                    return True
            return False

        opened = len(self.memo)
        if start is not None:
            seeded = self.flow(bounds([[t for t, n in enumerate(row) for _ in range(n)] for row in start]))
            if seeded is not None:
                best.append((seeded.cost + _uncovered(start, options) * self.uncovered_cost, start, seeded))
        visit(relaxed)
        return (best[0][1], options, best[0][2]) if best else None

    def solve(self) -> AutofillResult:
        found = self.search(partial=False)
        if found is None:  # not everything can be covered: find how much can, then the best such seating
            coverage = _Problem(self.mode, self.squad, self.signups, self.flexible, weigh=False)
            most = coverage.search(partial=True)
            assert most is not None  # the empty pattern always fits
            counts, options, _ = most
            missing = _uncovered(counts, options)
            found = self.search(partial=True, missing=missing, start=counts, coverage=coverage)
        assert found is not None
        return self.build(*found)

    def build(
        self, counts: list[list[int]], options: list[list[tuple[int, Pattern]]], flow: _Flow
    ) -> AutofillResult:
        """Turn merged counts back into members in seats, deterministically."""
        units: dict[tuple[int, Key], list[tuple[int, int]]] = {}  # (group class, key) → (signup, choice)
        bench: list[int] = []
        for p, players in enumerate(self.players):
            seated_count = len(players.indices) - flow.benched[p]
            bench.extend(players.indices[seated_count:])
            ranked = sorted(
                (
                    (rank, g, key)
                    for g in range(len(self.groups))
                    for key, rank in self.ranks[p][g].items()
                    if flow.seated.get((p, g, key))
                ),
                key=lambda item: (item[0], item[1], _key_order(item[2])),
            )
            members = iter(players.indices[:seated_count])
            for rank, g, key in ranked:
                units.setdefault((g, key), []).extend(
                    (next(members), rank) for _ in range(flow.seated[p, g, key])
                )
        seats_of: dict[int, list[tuple[int, int]]] = {}  # subgroup → (signup, choice)
        for g, groups in enumerate(self.groups):
            patterns = [
                pattern for n, (_, pattern) in zip(counts[g], options[g], strict=True) for _ in range(n)
            ]
            free = {number: dict(groups.seats) for number in groups.numbers}
            for number, pattern in zip(groups.numbers, patterns, strict=False):
                for key in pattern:
                    seats_of.setdefault(number, []).append(units[g, key].pop(0))
                    free[number][key[0]] -= 1
            for key in self.keys[g]:
                for unit in units.get((g, key), []):
                    number = next(n for n in groups.numbers if free[n][key[0]] > 0)
                    seats_of.setdefault(number, []).append(unit)
                    free[number][key[0]] -= 1
        return self.result(seats_of, sorted(bench))

    def result(self, seats_of: dict[int, list[tuple[int, int]]], bench: list[int]) -> AutofillResult:
        slots, placements = [], []
        waiting = {number: sorted(units) for number, units in seats_of.items()}
        for slot in self.squad:
            if slot.locked:
                slots.append(slot)
                continue
            queue = waiting.get(slot.subgroup, [])
            fit = next(
                (
                    u
                    for u in queue
                    if self.seat_of(self.signups[u[0]].choices[u[1]].role) == self.seat_of(slot.role)
                ),
                None,
            )
            if fit is None:
                slots.append(SquadSlot(slot.subgroup, slot.position, slot.role))
                continue
            queue.remove(fit)
            signup, choice = self.signups[fit[0]], self.signups[fit[0]].choices[fit[1]]
            slots.append(SquadSlot(slot.subgroup, slot.position, choice.role, choice.boons, signup.member_id))
            placements.append(
                Placement(slot.subgroup, slot.position, signup.member_id, fit[1], choice.role, choice.boons)
            )
        report = compute_coverage(self.mode, slots)
        missing = [(g.subgroup, boon) for g in report.subgroups for boon in g.missing_required]
        return AutofillResult(
            slots=tuple(slots),
            placements=tuple(placements),
            bench=tuple(self.signups[i].member_id for i in bench),
            shortfalls=tuple(self.explain(missing)),
            total_rank=sum(p.choice for p in placements),
            optimal=self.proven,
        )

    def explain(self, missing: list[tuple[int, Boon]]) -> list[Shortfall]:
        total = sum(len(groups.needs) * len(groups.numbers) for groups in self.groups)
        return [
            Shortfall(number, duty, self.reason(number, duty, total - len(missing), total))
            for number, duty in missing
        ]

    def fits(self, duty: Boon, signup: int, subgroup: int) -> bool:
        """Whether the sign-up has a choice providing `duty` with a free seat for it in `subgroup`."""
        seats = {seat for seat, _ in self.class_of[subgroup].seats}
        return any(duty in c.boons and self.seat_of(c.role) in seats for c in self.signups[signup].choices)

    def reach(self, duty: Boon) -> tuple[list[int], list[int], int]:
        """(sign-ups who can provide `duty`, subgroups that still need it, how many of those subgroups can
        get it at once, counting this duty alone)."""
        providers = [i for i, s in enumerate(self.signups) if any(duty in c.boons for c in s.choices)]
        needing = [n for n, groups in sorted(self.class_of.items()) if duty in groups.needs]
        return providers, needing, max_matching(needing, providers, lambda i, n: self.fits(duty, i, n))

    def reason(self, number: int, duty: Boon, covered: int, total: int) -> str:
        """Why no assignment gives subgroup `number` the `duty`: the first certificate that applies."""
        name = duty.label.lower()
        if not self.class_of[number].seats:
            return "all its slots are locked, and the locked members do not provide it"
        providers, needing, reachable = self.reach(duty)
        if not providers:
            return f"no sign-up can provide {name}"
        if not any(self.fits(duty, i, number) for i in providers):
            roles = ", ".join(seat.label for seat, _ in self.class_of[number].seats if seat is not None)
            return f"no sign-up who can provide {name} chose a role with a free slot there ({roles})"
        if reachable < len(needing):
            if len(providers) < len(needing):
                return (
                    f"only {_count(len(providers), 'sign-up')} can provide {name}, "
                    f"and {len(needing)} subgroups need it"
                )
            return (
                f"the {_count(len(providers), 'sign-up')} who can provide {name} fit in only {reachable} "
                f"of the {len(needing)} subgroups that need it"
            )
        return (
            f"the sign-ups who can provide {name} are needed for other duties: no assignment covers "
            f"more than {covered} of the {total} required boons and duties"
        )


def _uncovered(counts: list[list[int]], options: list[list[tuple[int, Pattern]]]) -> int:
    """How many needs the subgroups leave uncovered when they take patterns `counts` of `options`."""
    return sum(
        n * p
        for row, found in zip(counts, options, strict=True)
        for n, (p, _) in zip(row, found, strict=True)
    )


def _complete(
    patterns: list[tuple[int, Pattern]], count: int, spare: dict[Key, int]
) -> tuple[int, list[int]] | None:
    """The fewest uncovered needs with which `count` subgroups can each take one of `patterns` (sorted by
    uncovered needs) using at most `spare` players per key: (uncovered, count per pattern), or None."""
    best: list[tuple[int, list[int]]] = []
    counts = [0] * len(patterns)

    def fill(i: int, left: int, penalty: int) -> None:
        if left == 0:
            if not best or penalty < best[0][0]:
                best[:] = [(penalty, list(counts))]
            return
        if i == len(patterns) or (best and penalty + left * patterns[i][0] >= best[0][0]):
            return
        pattern = patterns[i][1]
        most = min((spare.get(key, 0) for key in pattern), default=left)
        for n in range(min(most, left), -1, -1):
            counts[i] = n
            for key in pattern:
                spare[key] = spare.get(key, 0) - n
            fill(i + 1, left - n, penalty + n * patterns[i][0])
            for key in pattern:
                spare[key] += n
        counts[i] = 0

    fill(0, count, 0)
    return best[0] if best else None


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"

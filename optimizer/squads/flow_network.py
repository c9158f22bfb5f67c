"""Graph algorithms for assignment problems: maximum bipartite matching and min-cost flow."""

from __future__ import annotations

import heapq
import math
from collections import deque
from collections.abc import Callable


def max_matching(left: list[int], right: list[int], allowed: Callable[[int, int], bool]) -> int:
    """Size of a maximum matching between subgroups (`left`) and sign-ups (`right`), augmenting paths."""
    owner: dict[int, int] = {}

    def augment(subgroup: int, seen: set[int]) -> bool:
        for signup in right:
            if signup not in seen and allowed(signup, subgroup):
                seen.add(signup)
                if signup not in owner or augment(owner[signup], seen):
                    owner[signup] = subgroup
                    return True
        return False

    return sum(augment(subgroup, set()) for subgroup in left)


class FlowNetwork:
    """A min-cost flow network solved by successive shortest paths (Dijkstra with potentials); every edge
    cost is non-negative, so no initial Bellman-Ford pass is needed."""

    def __init__(self) -> None:
        self.out: list[list[int]] = []
        self.head: list[int] = []
        self.cap: list[int] = []
        self.cost: list[int] = []

    def node(self) -> int:
        self.out.append([])
        return len(self.out) - 1

    def edge(self, tail: int, head: int, cap: int, cost: int) -> int:
        """Add an edge; its id, and id ^ 1 is the residual reverse edge."""
        for u, v, c, w in ((tail, head, cap, cost), (head, tail, 0, -cost)):
            self.out[u].append(len(self.head))
            self.head.append(v)
            self.cap.append(c)
            self.cost.append(w)
        return len(self.head) - 2

    def flow(self, edge: int) -> int:
        return self.cap[edge ^ 1]

    def cheapest_flow(self, source: int, sink: int) -> int:
        """Cost of the cheapest flow of any amount (augment along cheapest paths while they cost < 0).
        Potentials start from Bellman-Ford (edge costs may be negative; the network has no cycle); each
        Dijkstra stops at the sink, and the nodes it did not settle move by the sink's distance."""
        out, head, cap, cost = self.out, self.head, self.cap, self.cost
        size, potential, total = len(out), self._distances(source), 0
        while True:
            dist: list[float] = [math.inf] * size
            done, prev = [False] * size, [-1] * size
            dist[source] = 0
            heap = [(0, source)]
            while heap:
                d, u = heapq.heappop(heap)
                if done[u]:
                    continue
                done[u] = True
                if u == sink:
                    break
                base = d + potential[u]
                for e in out[u]:
                    v = head[e]
                    if cap[e] > 0 and not done[v]:
                        nd = base + cost[e] - potential[v]
                        if nd < dist[v]:
                            dist[v], prev[v] = nd, e
                            heapq.heappush(heap, (nd, v))
            if not done[sink]:
                return total
            far = int(dist[sink])
            for v in range(size):
                potential[v] += int(dist[v]) if done[v] else far
            price = potential[sink] - potential[source]
            if price >= 0:
                return total
            push, v = cap[prev[sink]], sink
            while v != source:
                push = min(push, cap[prev[v]])
                v = head[prev[v] ^ 1]
            v = sink
            while v != source:
                cap[prev[v]] -= push
                cap[prev[v] ^ 1] += push
                v = head[prev[v] ^ 1]
            total += push * price

    def _distances(self, source: int) -> list[int]:
        """Shortest distances from `source` over edges with capacity (0 where unreachable)."""
        dist: dict[int, int] = {source: 0}
        queue, queued = deque([source]), {source}
        while queue:
            u = queue.popleft()
            queued.discard(u)
            for e in self.out[u]:
                if self.cap[e] > 0:
                    v, nd = self.head[e], dist[u] + self.cost[e]
                    if v not in dist or nd < dist[v]:
                        dist[v] = nd
                        if v not in queued:
                            queue.append(v)
                            queued.add(v)
        return [dist.get(v, 0) for v in range(len(self.out))]

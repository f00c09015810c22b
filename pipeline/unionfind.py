"""Union-find over post ids, each set named by its smallest id (a group is named by its
first post): near-duplicate groups (pipeline/store.py) and stories (pipeline/stories.py)."""
from __future__ import annotations

from collections.abc import Iterable


class DisjointSets:
    def __init__(self, ids: Iterable[int] = ()) -> None:
        self.parent: dict[int, int] = {i: i for i in ids}

    def __contains__(self, x: int) -> bool:
        return x in self.parent

    def find(self, x: int) -> int:
        parent = self.parent
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]  # path halving
            x = parent[x]
        return x

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)

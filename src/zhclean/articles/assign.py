"""Choose successor links: a maximum-weight path cover, solved greedily.

Each fragment gets at most one successor and one predecessor and the links
form no cycle, so the chosen links are a set of disjoint chains (a path
cover).  Exact maximum-weight path cover is NP-hard in general (it contains
Hamiltonian path), and the assignment relaxation (Hungarian) admits cycles,
so we take links best-first and skip any that would give a fragment a second
successor or predecessor or close a cycle (checked with union-find).  On
interleaved pages the right links are usually far stronger than their rivals,
which is the case where best-first is near optimal.

Cost: sorting the m candidate links, O(m log m), plus near-constant work per
link.  With a shortlist of k successors per fragment m = k·n, so hundreds of
fragments take milliseconds.  For very large inputs (whole newspaper issues
of tens of thousands of fragments) the quadratic part is the candidate
ranking in :mod:`.links`, not this step: block it first (only pair fragments
within a window of lines or with matching column width, or split the file at
page breaks), then run this unchanged on the shortlist.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Chains:
    """The chosen links, as successor/predecessor maps and the chains they form."""

    succ: dict[int, int] = field(default_factory=dict)
    pred: dict[int, int] = field(default_factory=dict)
    score: dict[tuple[int, int], float] = field(default_factory=dict)

    def chains(self, nodes: list[int]) -> list[list[int]]:
        """Chains in order of their first fragment's position in ``nodes``."""
        out = []
        for n in nodes:
            if n in self.pred:
                continue
            chain = [n]
            while chain[-1] in self.succ:
                chain.append(self.succ[chain[-1]])
            out.append(chain)
        return out


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[int, int] = {}

    def find(self, x: int) -> int:
        parent = self.parent
        root = x
        while parent.get(root, root) != root:
            root = parent[root]
        while parent.get(x, x) != root:
            parent[x], x = root, parent[x]
        return root

    def union(self, a: int, b: int) -> None:
        self.parent[self.find(a)] = self.find(b)


def greedy_path_cover(links: list[tuple[float, int, int]], threshold: float) -> Chains:
    """Take links (score, i, j) best-first while they keep the result a set of chains."""
    result = Chains()
    uf = _UnionFind()
    for score, i, j in sorted(links, key=lambda t: (-t[0], t[1], t[2])):
        if score < threshold:
            break
        if i == j or i in result.succ or j in result.pred or uf.find(i) == uf.find(j):
            continue
        result.succ[i] = j
        result.pred[j] = i
        result.score[(i, j)] = score
        uf.union(i, j)
    return result

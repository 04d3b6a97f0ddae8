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

from collections.abc import Collection
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


def greedy_path_cover(links: list[tuple[float, int, int]], threshold: float, para_ends: Collection[int] = ()) -> Chains:
    """Take links (score, i, j) best-first while they keep the result a set of chains.

    Then put back fragments a link jumped over (:func:`_reinsert_bypassed`),
    except ``para_ends``: fragments that end a paragraph, which no text of
    their own article follows on their line.
    """
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
    _reinsert_bypassed(result, links, threshold, para_ends)
    return result


def _reinsert_bypassed(result: Chains, links: list[tuple[float, int, int]], threshold: float, para_ends: Collection[int]) -> None:
    """Put back fragments that a strong link jumped over, where that scores more (in place).

    Best-first takes "i → j" before the two links "i → k → j" whose sum beats
    it (``…斯依`` / ``托万克…`` read as the word 依托 over the fragment ``提心头…``
    between them), and leaves k stranded.  Inserting k between i and j, and
    joining k's old neighbours to each other where that is a candidate,
    is kept when it raises the total score of the cover.  A fragment that
    ends a paragraph is not put back: a short sentence end between two
    segments of one line (``…重 获各类违法犯罪嫌疑人21名。 点单位…``) is
    another column's text merged into the line.  Each insertion
    strictly raises the total, so the loop ends; it looks at each chosen link's
    shortlist only, O(n·k).
    """
    score = {(i, j): s for s, i, j in links if s >= threshold and i != j}
    out: dict[int, list[int]] = {}
    into: dict[int, list[int]] = {}
    for i, k in score:
        out.setdefault(i, []).append(k)
        into.setdefault(k, []).append(i)
    changed = True
    while changed:
        changed = False
        for (i, j), s_ij in sorted(result.score.items()):
            if result.succ.get(i) != j:
                continue
            for k in out.get(i, []):
                if k == j or k in para_ends or (k, j) not in score:
                    continue
                p, q = result.pred.get(k), result.succ.get(k)
                bridge = score.get((p, q), 0.0) if p is not None and q is not None else 0.0
                lost = s_ij + result.score.get((p, k), 0.0) + result.score.get((k, q), 0.0)
                if score[(i, k)] + score[(k, j)] + bridge <= lost:
                    continue
                for a, b in ((p, k), (k, q), (i, j)):
                    if a is not None and b is not None:
                        del result.succ[a], result.pred[b], result.score[(a, b)]
                for a, b in ((i, k), (k, j)) + (((p, q),) if bridge else ()):
                    result.succ[a], result.pred[b], result.score[(a, b)] = b, a, score[(a, b)]
                changed = True
                break
            else:
                changed = _swap_partners(result, score, out, into, i, j) or changed


def _swap_partners(
    result: Chains, score: dict[tuple[int, int], float], out: dict[int, list[int]], into: dict[int, list[int]], i: int, j: int
) -> bool:
    """Replace "i → j" by "i → k" and "p → j" where k has no predecessor, p no successor, and the two score more (in place).

    A long jump with a word across it (``…狮子耍舞`` / ``狮队敲锣打鼓…``, 舞狮) can
    take both ends' file-order partners; when those two are still free, the
    two links they make beat the one.  Checked for cycles by walking the chains.
    """
    s_ij = result.score[(i, j)]
    best, pick = 0.0, None
    for k in out.get(i, []):
        if k == j or k in result.pred:
            continue
        for p in into.get(j, []):
            if p in (i, k) or p in result.succ:
                continue
            gain = score[(i, k)] + score[(p, j)] - s_ij
            if gain > best:
                best, pick = gain, (k, p)
    if pick is None:
        return False
    k, p = pick
    _unlink(result, i, j)
    _link(result, i, k, score[(i, k)])
    if _reaches(result, k, i):
        _unlink(result, i, k)
        _link(result, i, j, s_ij)
        return False
    _link(result, p, j, score[(p, j)])
    if _reaches(result, j, p):
        _unlink(result, p, j)
        _unlink(result, i, k)
        _link(result, i, j, s_ij)
        return False
    return True


def _link(result: Chains, a: int, b: int, s: float) -> None:
    result.succ[a], result.pred[b], result.score[(a, b)] = b, a, s


def _unlink(result: Chains, a: int, b: int) -> None:
    del result.succ[a], result.pred[b], result.score[(a, b)]


def _reaches(result: Chains, start: int, target: int) -> bool:
    """Whether following successors from ``start`` comes back to ``target`` (so a link target → start closes a cycle)."""
    n = result.succ.get(start)
    while n is not None:
        if n == target:
            return True
        n = result.succ.get(n)
    return False

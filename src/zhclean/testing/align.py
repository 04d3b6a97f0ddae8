"""Character alignment of a repair with its ground truth.

difflib's matcher is fast but greedy: on heavily damaged text it can pair a
long clean stretch with one output character and match the line breaks
elsewhere.  Here lines are matched first (they are long and nearly unique),
and what lies between matched lines is aligned character by character with
an optimal (Levenshtein) alignment, so every score rests on a minimal edit
script.
"""

from __future__ import annotations

import difflib
from functools import lru_cache

Opcode = tuple[str, int, int, int, int]

#: Above this many cells a block falls back to difflib (memory: 4 bytes a cell).
_MAX_CELLS = 40_000_000


def align(a: str, b: str) -> list[Opcode]:
    """difflib-style opcodes (``equal``, ``replace``, ``delete``, ``insert``) turning ``a`` into ``b``."""
    return align_with_cost(a, b)[0]


@lru_cache(maxsize=64)
def align_with_cost(a: str, b: str) -> tuple[list[Opcode], int]:
    """The alignment and its cost in character edits (Levenshtein distance, given the line anchors)."""
    if a == b:
        return ([("equal", 0, len(a), 0, len(b))] if a else []), 0
    a_lines, b_lines = a.split("\n"), b.split("\n")
    a_starts, b_starts = _starts(a_lines), _starts(b_lines)
    ops: list[Opcode] = []
    cost = 0
    pa = pb = 0  # characters of a and b aligned so far
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a_lines, b_lines, autojunk=False).get_opcodes():
        if tag == "equal":
            # equal lines, and the line break after them when both sides have one
            size = a_starts[i2] - a_starts[i1] - (1 if i2 == len(a_lines) or j2 == len(b_lines) else 0)
            chunk, c = _char_align(a[pa : a_starts[i1]], b[pb : b_starts[j1]], pa, pb)
            ops.extend(chunk)
            cost += c
            pa, pb = a_starts[i1], b_starts[j1]
            ops.append(("equal", pa, pa + size, pb, pb + size))
            pa, pb = pa + size, pb + size
    chunk, c = _char_align(a[pa:], b[pb:], pa, pb)
    return _merge(ops + chunk), cost + c


def _starts(lines: list[str]) -> list[int]:
    out, pos = [], 0
    for line in lines:
        out.append(pos)
        pos += len(line) + 1
    out.append(pos)
    return out


def _char_align(a: str, b: str, da: int = 0, db: int = 0) -> tuple[list[Opcode], int]:
    """Optimal alignment of ``a`` and ``b`` (offsets shifted by ``da`` and ``db``) and its cost."""
    if not a or not b:
        ops = [("delete", da, da + len(a), db, db)] if a else [("insert", da, da, db, db + len(b))] if b else []
        return ops, max(len(a), len(b))
    if len(a) * len(b) > _MAX_CELLS:
        ops = [(t, i1 + da, i2 + da, j1 + db, j2 + db) for t, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()]
        return ops, sum(max(i2 - i1, j2 - j1) for t, i1, i2, j1, j2 in ops if t != "equal")
    import numpy as np  # test extra; only the benchmarks and tests align texts

    n, m = len(a), len(b)
    bb = np.frombuffer(b.encode("utf-32-le"), dtype=np.uint32)
    offsets = np.arange(m + 1, dtype=np.int32)
    table = np.empty((n + 1, m + 1), dtype=np.int32)
    table[0] = offsets
    for i, ch in enumerate(a, 1):
        prev = table[i - 1]
        row = np.empty(m + 1, dtype=np.int32)
        row[0] = i
        row[1:] = np.minimum(prev[:-1] + (bb != ord(ch)), prev[1:] + 1)
        # insertions chain along the row: row[j] = min over k <= j of row[k] + j - k
        table[i] = np.minimum.accumulate(row - offsets) + offsets
    cost = int(table[n, m])
    steps: list[str] = []
    i, j = n, m
    while i or j:
        here = table[i, j]
        if i and j and a[i - 1] == b[j - 1] and table[i - 1, j - 1] == here:
            steps.append("=")
            i, j = i - 1, j - 1
        elif i and j and table[i - 1, j - 1] + 1 == here:
            steps.append("~")
            i, j = i - 1, j - 1
        elif i and table[i - 1, j] + 1 == here:
            steps.append("-")
            i -= 1
        else:
            steps.append("+")
            j -= 1
    steps.reverse()
    ops: list[Opcode] = []
    i = j = 0
    for s in steps:
        di, dj = (s != "+"), (s != "-")
        tag = "equal" if s == "=" else "replace"
        ops.append((tag, da + i, da + i + di, db + j, db + j + dj))
        i, j = i + di, j + dj
    return ops, cost


def _merge(ops: list[Opcode]) -> list[Opcode]:
    """Join neighbouring opcodes of one kind; name non-equal blocks delete/insert/replace by their sides."""
    out: list[list] = []
    for tag, i1, i2, j1, j2 in ops:
        kind = "equal" if tag == "equal" else "change"
        if i1 == i2 and j1 == j2:
            continue
        if out and out[-1][0] == kind:
            out[-1][2], out[-1][4] = i2, j2
        else:
            out.append([kind, i1, i2, j1, j2])
    result = []
    for kind, i1, i2, j1, j2 in out:
        if kind == "change":
            kind = "replace" if i2 > i1 and j2 > j1 else "delete" if i2 > i1 else "insert"
        result.append((kind, i1, i2, j1, j2))
    return result

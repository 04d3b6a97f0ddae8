"""Damaged text together with its ground truth.

Every mechanism returns a :class:`Damaged`: the clean original, the damaged
text, and the damaged *runs*, each tying a span of the clean text to the span
of damaged text that replaced it.  Benchmarks need both sides: restore rate is
judged on the runs, false repairs on everything outside them.
"""

from __future__ import annotations

import dataclasses
import hashlib
import random
from dataclasses import dataclass, field
from typing import Any, Sequence


@dataclass(frozen=True)
class Run:
    """``clean[clean_start:clean_end]`` became ``text[start:end]`` (either side may be empty)."""

    clean_start: int
    clean_end: int
    start: int
    end: int
    mechanism: str


@dataclass(frozen=True)
class Block:
    """A column block of an interleaved page: ``text[start:end]`` is block ``index`` of article ``article``."""

    start: int
    end: int
    article: int
    index: int


@dataclass
class Damaged:
    """A damaged document and what it was before.

    ``furniture`` lists lines (captions, credits, page furniture) that were
    inserted and that a repair may keep on a line of their own.  ``blocks`` and
    ``articles`` are filled by :func:`~zhclean.testing.mechanisms.interleave_articles`.
    ``hidden_breaks`` are offsets of paragraph breaks in ``clean`` that the damage
    made identical to a wrap (a paragraph whose last line filled the column, with
    wraps and paragraph breaks both written as one newline): no repair can see
    them, so paragraph-boundary scores leave them out.
    """

    clean: str
    text: str
    runs: list[Run]
    mechanism: str
    params: dict[str, Any] = field(default_factory=dict)
    furniture: list[str] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    articles: list[str] = field(default_factory=list)
    hidden_breaks: list[int] = field(default_factory=list)

    def run_pairs(self) -> list[tuple[str, str]]:
        """(clean, damaged) strings of every run, for eyeballing."""
        return [(self.clean[r.clean_start : r.clean_end], self.text[r.start : r.end]) for r in self.runs]

    def to_dict(self) -> dict[str, Any]:
        d = dataclasses.asdict(self)
        d["runs"] = [dataclasses.asdict(r) | {"before": c, "after": t} for r, (c, t) in zip(self.runs, self.run_pairs())]
        return d


def splice(clean: str, replacements: Sequence[tuple[int, int, str]], mechanism: str, **params: Any) -> Damaged:
    """Replace non-overlapping ``(start, end, new)`` spans of ``clean`` and record each as a run."""
    parts: list[str] = []
    runs: list[Run] = []
    pos = 0
    out_len = 0
    for start, end, new in sorted(replacements, key=lambda r: (r[0], r[1])):
        if start < pos:
            raise ValueError(f"overlapping replacement at {start}")
        kept = clean[pos:start]
        parts.append(kept)
        out_len += len(kept)
        parts.append(new)
        runs.append(Run(start, end, out_len, out_len + len(new), mechanism))
        out_len += len(new)
        pos = end
    parts.append(clean[pos:])
    return Damaged(clean, "".join(parts), runs, mechanism, dict(params))


def runs_from_diff(clean: str, text: str, mechanism: str) -> list[Run]:
    """Runs recovered by aligning ``text`` to ``clean``: used where damage is composed."""
    from .align import align

    return [Run(i1, i2, j1, j2, mechanism) for op, i1, i2, j1, j2 in align(clean, text) if op != "equal"]


def make_rng(seed: int | str | random.Random, *salt: Any) -> random.Random:
    """A private RNG: the same seed and salt (mechanism, document) always give the same damage."""
    if isinstance(seed, random.Random):
        return seed
    digest = hashlib.sha256(repr((seed, *salt)).encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))

"""Scores for repaired text against its ground truth.

All text scores compare *normalised* text (see :func:`normalise_layout`) so
that blank-line and indentation conventions do not count as errors.
"""

from __future__ import annotations

import bisect
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Iterable, Sequence

import regex

from .align import align, align_with_cost
from .corpus import normalise_paragraphs as normalise_layout
from .damage import Damaged

_WS = regex.compile(r"\s+")

def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance in characters (of the line-anchored alignment; see :mod:`.align`)."""
    return align_with_cost(a, b)[1]


@dataclass
class RunScores:
    """Counts for one document (or a sum over documents)."""

    chars: int = 0
    distance_before: int = 0
    distance_after: int = 0
    runs: int = 0
    restored: int = 0
    false_repair_chars: int = 0
    undamaged_chars: int = 0
    boundaries_gold: int = 0
    boundaries_pred: int = 0
    boundaries_hit: int = 0
    boundaries_hidden: int = 0
    flagged: int = 0
    false_alarms: int = 0
    runs_by: Counter[str] = field(default_factory=Counter)
    restored_by: Counter[str] = field(default_factory=Counter)

    def __iadd__(self, other: "RunScores") -> "RunScores":
        for f in self.__dataclass_fields__:
            setattr(self, f, getattr(self, f) + getattr(other, f))
        return self

    def summary(self) -> dict[str, Any]:
        def ratio(a: int, b: int) -> float | None:
            return round(a / b, 4) if b else None

        return {
            "chars": self.chars,
            "runs": self.runs,
            "cer_before": ratio(self.distance_before, self.chars),
            "cer_after": ratio(self.distance_after, self.chars),
            "restored": ratio(self.restored, self.runs),
            "false_repairs": self.false_repair_chars,
            "false_repairs_per_10k": ratio(self.false_repair_chars * 10000, self.undamaged_chars),
            "flagged": ratio(self.flagged, self.runs),
            "false_alarms": self.false_alarms,
            "para_precision": ratio(self.boundaries_hit, self.boundaries_pred),
            "para_recall": ratio(self.boundaries_hit, self.boundaries_gold),
            "para_hidden": self.boundaries_hidden,
            "restored_by_mechanism": {m: ratio(self.restored_by[m], n) for m, n in sorted(self.runs_by.items())},
            "runs_by_mechanism": dict(sorted(self.runs_by.items())),
        }


#: What a repair may put around a furniture line it sets apart: a few marks, or a short
#: bracketed label such as the layout filter's ``[图] `` (``[图] 江林 摄``).
_LABEL = regex.compile(r"[^\p{Han}]{0,6}|[\[【〔(（]\p{Han}{1,2}[\]】〕)）][:：]?")


def _drop_furniture(text: str, furniture: Iterable[str]) -> str:
    """``text`` without one line per furniture item, wherever the repair put it and however it labelled it."""
    # compared in NFKC, so a credit whose brackets other damage made half-width
    # (``(新华社记者 潘里摄)``) is still the inserted ``（新华社记者 潘里摄）``
    pending = Counter(unicodedata.normalize("NFKC", f).strip() for f in furniture)
    if not pending:
        return text
    kept = []
    for line in text.split("\n"):
        body = unicodedata.normalize("NFKC", line).strip()
        item = next((f for f, n in pending.items() if n > 0 and f in body and _LABEL.fullmatch(body.replace(f, "", 1).strip())), None)
        if item is None:
            kept.append(line)
        else:
            pending[item] -= 1
    return "\n".join(kept)


def _is_break(s: str) -> bool:
    return "\n" in s and not s.strip()


def score(damaged: Damaged, output: str, notices: Sequence[tuple[int, int]] = ()) -> RunScores:
    """Score ``output`` (a repair of ``damaged.text``) against ``damaged.clean``.

    A run is restored when the aligned output changes nothing inside its clean
    span and inserts nothing at or inside it.  False repairs count output
    characters that differ from the clean text where no run was.  Furniture
    lines are removed from the output first, wherever the repair put them.
    ``notices`` are ``(start, end)`` spans of the damaged text a repair flagged
    without changing: a run they touch is *flagged*; one that touches no run is
    a false alarm.
    """
    clean = normalise_layout(damaged.clean)
    if clean != damaged.clean:
        raise ValueError("ground truth must be normalised: use load_corpus() or normalise_layout()")
    out = normalise_layout(_drop_furniture(output, damaged.furniture))
    before = normalise_layout(_drop_furniture(damaged.text, damaged.furniture))
    # a blank line added between paragraphs is invisible once text is normalised: not a run
    runs = [r for r in damaged.runs if not (_is_break(damaged.clean[r.clean_start : r.clean_end]) and _is_break(damaged.text[r.start : r.end]))]
    s = RunScores(chars=len(clean), runs=len(runs))
    s.distance_before = edit_distance(clean, before)
    all_ops, s.distance_after = align_with_cost(clean, out)
    opcodes = [op for op in all_ops if op[0] != "equal"]
    in_run = bytearray(len(clean))  # clean characters a run replaced
    at_run = bytearray(len(clean) + 1)  # ... plus both edges, where a run may insert
    for r in runs:
        in_run[r.clean_start : r.clean_end] = b"\1" * (r.clean_end - r.clean_start)
        at_run[r.clean_start : r.clean_end + 1] = b"\1" * (r.clean_end + 1 - r.clean_start)
    for pos in damaged.hidden_breaks:  # damage no repair can see: joining there is no false repair
        in_run[pos] = 1
        at_run[pos : pos + 2] = b"\1\1"
    op_ends = [i2 for _, i1, i2, _, _ in opcodes]
    # between two touching runs (時間 -> 時(shí)間(jiān)) a leftover insertion belongs to the first
    run_ends = {r.clean_end for r in runs if r.clean_end > r.clean_start}
    for r in runs:
        touched = False
        for _, i1, i2, _, _ in opcodes[bisect.bisect_left(op_ends, r.clean_start) :]:
            if i1 > r.clean_end:
                break
            overlaps = i1 < r.clean_end and i2 > r.clean_start
            inserts_here = i1 == i2 and r.clean_start <= i1 <= r.clean_end and not (i1 == r.clean_start < r.clean_end and i1 in run_ends)
            if overlaps or inserts_here:
                touched = True
                break
        s.restored += not touched
        for mech in r.mechanism.split("+"):
            s.runs_by[mech] += 1
            s.restored_by[mech] += not touched
    s.undamaged_chars = in_run.count(0)
    for op, i1, i2, j1, j2 in opcodes:
        if op == "insert":
            s.false_repair_chars += 0 if at_run[i1] else j2 - j1
            continue
        outside = in_run[i1:i2].count(0)
        if outside == i2 - i1 and op == "replace":
            outside = max(outside, j2 - j1)
        s.false_repair_chars += outside
    touched_runs = set()
    for n_start, n_end in notices:
        hits = [k for k, r in enumerate(runs) if n_start <= r.end and n_end >= r.start]
        touched_runs.update(hits)
        s.false_alarms += not hits
    s.flagged = len(touched_runs)
    s.boundaries_gold, s.boundaries_pred, s.boundaries_hit = paragraph_boundaries(clean, out, all_ops, damaged.hidden_breaks)
    s.boundaries_hidden = len(damaged.hidden_breaks)
    return s


def paragraph_boundaries(
    clean: str,
    output: str,
    opcodes: Sequence[tuple[str, int, int, int, int]] | None = None,
    hidden: Iterable[int] = (),
) -> tuple[int, int, int]:
    """(gold, predicted, correct) paragraph breaks of normalised ``output`` against ``clean``.

    A break is correct when the alignment of the two texts matches an output
    line break to a clean one, so a repair that changed characters nearby is
    still judged on where it put its breaks.  ``hidden`` breaks (offsets into
    ``clean`` of breaks the damage made identical to a wrap) count neither
    way: not as missed when the output joins there, not as predicted when it
    happens to break there.
    """
    if opcodes is None:
        opcodes = align(clean, output)
    hidden = set(hidden)
    hit = found_hidden = 0
    for op, i1, i2, _, _ in opcodes:
        if op != "equal":
            continue
        pos = clean.find("\n", i1, i2)
        while pos != -1:
            if pos in hidden:
                found_hidden += 1
            else:
                hit += 1
            pos = clean.find("\n", pos + 1, i2)
    return clean.count("\n") - len(hidden), output.count("\n") - found_hidden, hit


# --- article separation ------------------------------------------------------------


@dataclass
class ArticleScores:
    link_tp: int = 0
    link_pred: int = 0
    link_gold: int = 0
    bcubed_p: list[float] = field(default_factory=list)
    bcubed_r: list[float] = field(default_factory=list)
    taus: list[float] = field(default_factory=list)
    blocks: int = 0
    unplaced: int = 0

    def __iadd__(self, other: "ArticleScores") -> "ArticleScores":
        self.link_tp += other.link_tp
        self.link_pred += other.link_pred
        self.link_gold += other.link_gold
        self.bcubed_p += other.bcubed_p
        self.bcubed_r += other.bcubed_r
        self.taus += other.taus
        self.blocks += other.blocks
        self.unplaced += other.unplaced
        return self

    def summary(self) -> dict[str, Any]:
        def f1(p: float, r: float) -> float:
            return round(2 * p * r / (p + r), 4) if p + r else 0.0

        lp = self.link_tp / self.link_pred if self.link_pred else 0.0
        lr = self.link_tp / self.link_gold if self.link_gold else 0.0
        bp = sum(self.bcubed_p) / len(self.bcubed_p) if self.bcubed_p else 0.0
        br = sum(self.bcubed_r) / len(self.bcubed_r) if self.bcubed_r else 0.0
        return {
            "blocks": self.blocks,
            "unplaced_blocks": self.unplaced,
            "successor_f1": f1(lp, lr),
            "bcubed_f1": f1(bp, br),
            "kendall_tau": round(sum(self.taus) / len(self.taus), 4) if self.taus else None,
        }


def _place(block: str, articles: Sequence[str]) -> tuple[int, int] | None:
    """(article, position) of ``block`` in the predicted articles, by its whitespace-free text."""
    key = _WS.sub("", block)
    if not key:
        return None
    for probe in (key, key[:12], key[-12:]):
        for a, art in enumerate(articles):
            at = art.find(probe)
            if at >= 0:
                return a, at
    return None


def article_scores(damaged: Damaged, predicted: Sequence[str]) -> ArticleScores:
    """Successor links, BCubed and Kendall tau of ``predicted`` articles against ``damaged.blocks``.

    Each gold block is located in the predicted articles by its own text;
    blocks that cannot be found count as singletons.
    """
    arts = [_WS.sub("", a) for a in predicted]
    place: dict[int, tuple[int, int]] = {}
    scores = ArticleScores(blocks=len(damaged.blocks))
    for k, b in enumerate(damaged.blocks):
        p = _place(damaged.text[b.start : b.end], arts)
        if p is None:
            scores.unplaced += 1
            p = (-1 - k, 0)
        place[k] = p
    gold_of = {k: (b.article, b.index) for k, b in enumerate(damaged.blocks)}
    gold_next = {(gold_of[k], gold_of[j]) for k in gold_of for j in gold_of if gold_of[j] == (gold_of[k][0], gold_of[k][1] + 1)}
    by_pred: dict[int, list[int]] = {}
    for k, (a, pos) in place.items():
        by_pred.setdefault(a, []).append(k)
    pred_next = set()
    for ks in by_pred.values():
        ks.sort(key=lambda k: place[k][1])
        pred_next |= {(gold_of[x], gold_of[y]) for x, y in zip(ks, ks[1:])}
    scores.link_tp, scores.link_pred, scores.link_gold = len(gold_next & pred_next), len(pred_next), len(gold_next)
    for k in gold_of:
        same_pred = {j for j in gold_of if place[j][0] == place[k][0]}
        same_gold = {j for j in gold_of if gold_of[j][0] == gold_of[k][0]}
        both = len(same_pred & same_gold)
        scores.bcubed_p.append(both / len(same_pred))
        scores.bcubed_r.append(both / len(same_gold))
    for art in {g[0] for g in gold_of.values()}:
        ks = sorted((k for k in gold_of if gold_of[k][0] == art), key=lambda k: gold_of[k][1])
        conc = disc = 0
        for i, x in enumerate(ks):
            for y in ks[i + 1 :]:
                if place[x][0] != place[y][0]:
                    continue
                if place[x][1] < place[y][1]:
                    conc += 1
                elif place[x][1] > place[y][1]:
                    disc += 1
        if conc + disc:
            scores.taus.append((conc - disc) / (conc + disc))
    return scores

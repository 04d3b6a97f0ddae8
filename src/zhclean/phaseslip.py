"""Restore runs of a GBK stream that was read one byte out of phase.

How such runs arise (../shared/notes/seed-damage-model.md): a decoder meets a
lead byte it cannot pair — because a ``(pinyin)`` annotation was inserted
between a character's two bytes, or because the stream was cut in the middle
of a character — prints ``?`` for it and carries on one byte out of phase.
Every following pair is a trail byte read as a lead, until an ASCII byte is
read on its own and the phase is back.  So a run looks like::

    ?biāo)坪踉诟嬖V      (似乎在告訴: lost lead CB + swallowed "(", then
                        C6BA F5D4 DAB8 E6D4 read as 坪踉诟嬖, then 56 = "V")

and has exactly one *unknown* byte at its start (the lead hidden by ``?``),
sometimes one at its end (a trail hidden by a second ``?`` that swallowed the
``(`` of a real annotation or the ``<`` of a tag), and sometimes two invisible
bytes in the middle (a user-defined code the damaged text dropped).  All other
bytes are known exactly from the visible characters.

This module turns one ``?`` into every byte-level hypothesis the damage model
allows, fills the unknown bytes with candidates (narrowed by the orphaned
``xxx)`` reading where there is one), and scores the readings with the
language model.  Deciding whether to apply the best one is the caller's job.
"""

from __future__ import annotations

import math
from functools import lru_cache
from dataclasses import dataclass, field

import regex

from .encodings import ASCIIISED_PUNCTUATION, LEADS, TRAILS, is_invisible_pair, pair_char, stream_bytes
from .lang.punctuation import CJK_PUNCTUATION, CLOSERS, OPENERS, SENTENCE_END
from .lang.readings import ANNOTATION, ORPHAN_CLOSE, reads_as

#: A shifted run ends at the first byte read on its own; runs longer than
#: this many shifted characters are not considered (seeds: 1 to 6; in text
#: with few GBK/3-4 characters a run can go on for a whole sentence).
MAX_UNITS = 30
#: A cut away from a sentence mark is a weak hypothesis; it is only followed
#: for a few characters (the benchmark generator's runs are 2-6 long).
MAX_UNITS_ELSEWHERE = 8

#: The stream was cut just before a byte-level 。！？ that straddles two
#: characters, so a run that starts at a cut begins with one of these.
_CUT_MARKS = {"。".encode("gbk"), "！".encode("gbk"), "？".encode("gbk")}

#: What a ``?`` that swallowed ``<`` leaves behind: the rest of a tag.
_TAG_REST = regex.compile(r"/?[A-Za-z][A-Za-z0-9]{0,9}(?:\s[^<>\n]{0,80})?/?>")

#: Bytes a user-defined code can start with (invisible pairs).
_INVISIBLE_LEADS = tuple(b for b in LEADS if any(is_invisible_pair(b, t) for t in TRAILS))

#: Log-prior of a pair having been an invisible (deleted) user-defined code.
_HAN = regex.compile(r"\p{Han}")
_LOGP_INVISIBLE = math.log(0.02)
#: Log-prior of a cut the seeds' tool did not make but other tools do: one
#: that is not before a straddling 。！？.
_LOGP_CUT_ELSEWHERE = math.log(0.05)
#: Penalty for a mark where punctuation grammar or quote pairing does not allow it.
_LOGP_MISPLACED = math.log(0.02)

#: Most readings scored for one run (~2 s of CPU).  The seeds and the
#: synthetic benchmark need at most ~20,000; a run that needs more is left
#: alone and reported, so no input can take minutes.
MAX_SCORED_PER_RUN = 200_000


class BudgetExceeded(Exception):
    """Scoring one run would cost more than ``MAX_SCORED_PER_RUN`` model calls."""


class _Budget:
    def __init__(self, limit: int):
        self.left = limit

    def spend(self, n: int) -> None:
        self.left -= n
        if self.left < 0:
            raise BudgetExceeded



@dataclass
class Hypothesis:
    """One reading of the bytes behind ``text[start:end]``.

    ``seq`` is the original byte sequence, in phase, with unknown bytes named
    ``"L"`` (lead hidden by the first ``?``), ``"T"`` (trail hidden by a final
    ``?``), ``"P1"``/``"P2"`` (an invisible user-defined code).
    """

    start: int
    end: int
    seq: list
    domains: dict[str, tuple[int, ...]]
    needs: dict[str, str] = field(default_factory=dict)  # var -> reading its pair must have
    suffix: str = ""  # byte the final ? swallowed, restored after the characters
    score_end: int = 0  # scoring resumes here (after a real annotation's "pīn)")
    mechanism: str = ""

    swallowed: int = 0  # ASCII bytes ("(", "<") a ? consumed
    prior: float = 0.0  # log-prior of this shape of damage

    @property
    def lost_bytes(self) -> int:
        return sum(1 for b in self.seq if isinstance(b, str)) + self.swallowed


@dataclass(frozen=True)
class Candidate:
    text: str  # replacement for text[start:end]
    score: float
    hypothesis: Hypothesis


def _byte_before(text: str, q: int) -> int | None:
    """The stream byte just before ``text[q]``, skipping a complete annotation."""
    m = regex.search(rf"{ANNOTATION.pattern}\Z", text[max(0, q - 10) : q])
    if m:
        q -= len(m.group(0))
    if q == 0:
        return None
    b = stream_bytes(text[q - 1])
    return b[-1] if b else None


def hypotheses(text: str, q: int) -> list[Hypothesis]:
    """Every damage-model reading of the run that starts with the ``?`` at ``q``.

    Only in a Chinese line: a ``?`` among Latin text is a question mark.
    """
    line_start = text.rfind("\n", 0, q) + 1
    line_end = text.find("\n", q)
    line_end = len(text) if line_end < 0 else line_end
    if not (_HAN.search(text, line_start, q) or _HAN.search(text, q + 1, line_end)):
        return []
    base: dict[str, tuple[int, ...]] = {}
    needs: dict[str, str] = {}
    i = q + 1
    m = ORPHAN_CLOSE.match(text, i)
    prev = _byte_before(text, q)
    cut = False
    if m and prev is not None:
        # a straddling annotation: (prev trail, L) is the annotated character
        syl = m.group(1)
        leads = tuple(l for l in LEADS if (c := pair_char(prev, l)) and reads_as(c, syl))
        if not leads:
            return []
        base["L"] = leads
        i = m.end()
        mechanism = "GBK read one byte out of phase after an annotation split a character"
        swallowed = 1  # the annotation's "("
    else:
        base["L"] = LEADS
        cut = True
        mechanism = "GBK read one byte out of phase after the stream was cut inside a character"
        swallowed = 0

    out: list[Hypothesis] = []
    units: list[bytes] = []
    off_mark = False
    j = i
    n = len(text)
    while j < n and len(units) <= (MAX_UNITS_ELSEWHERE if off_mark else MAX_UNITS):
        c = text[j]
        if c == "?" and (units or not cut):
            out.extend(_end_at_hidden_trail(text, q, j, units, base, needs, mechanism, swallowed + 1))
        if "\x40" <= c <= "\x7e":
            # a trail byte read on its own: the phase is back after it.  A cut
            # run of one character (系?y移 for 系統移) needs Han on both sides,
            # or every "?x" in a URL would be a candidate.
            if units or not cut or (_is_han_at(text, q - 1) and _is_han_at(text, j + 1)):
                out.append(_make(q, j + 1, ["L", *_flat(units), ord(c)], base, needs, "", mechanism, swallowed))
            break
        sb = stream_bytes(c)
        if sb is None or len(sb) != 2:
            break
        if cut and not units and sb not in _CUT_MARKS:
            off_mark = True
        units.append(sb)
        j += 1
        if sb[1] < 0x80:
            # the shifted pair ate an ASCII letter of the original: phase is back
            out.append(_make(q, j, ["L", *_flat(units)], base, needs, "", mechanism, swallowed))
            break
    out = [h for h in out if h is not None]
    if off_mark:
        for h in out:
            h.prior += _LOGP_CUT_ELSEWHERE
    return out


def _is_han_at(text: str, i: int) -> bool:
    return 0 <= i < len(text) and "\u4e00" <= text[i] <= "\u9fff"


def _flat(units: list[bytes]) -> list[int]:
    return [b for u in units for b in u]


def _end_at_hidden_trail(text, q, j, units, base, needs, mechanism, swallowed):
    """The ``?`` at ``j`` hid the run's last trail byte and swallowed the next byte."""
    seq = ["L", *_flat(units), "T"]
    doms = dict(base, T=TRAILS)
    m = ORPHAN_CLOSE.match(text, j + 1)
    if m:  # it swallowed the "(" of a real annotation of the last character
        h = _make(q, j + 1, seq, doms, dict(needs, T=m.group(1)), "(", mechanism, swallowed)
        if h:
            h.score_end = m.end()
        return [h]
    if j + 1 == len(text) or text[j + 1] == "\n":  # a lone lead at the end of a piece
        return [_make(q, j + 1, seq, doms, needs, "", mechanism, swallowed - 1)]
    if _TAG_REST.match(text, j + 1):  # it swallowed the "<" of a tag
        return [_make(q, j + 1, seq, doms, needs, "<", mechanism, swallowed)]
    # the byte it swallowed is unknown (a digit?) or there was none (a lone
    # byte at the end of a piece): either way the characters are what we restore
    return [_make(q, j + 1, seq, doms, needs, "", mechanism, swallowed)]


def _make(start, end, seq, domains, needs, suffix, mechanism, swallowed) -> Hypothesis | None:
    if len(seq) % 2 and not (isinstance(seq[-1], int) and 0x40 <= seq[-1] <= 0x7E):
        return None
    return Hypothesis(start, end, list(seq), dict(domains), dict(needs), suffix, end, mechanism, swallowed)


def with_invisible_pairs(h: Hypothesis, model, most: int = 4) -> list[Hypothesis]:
    """Variants of ``h`` with one deleted user-defined code between two shifted pairs.

    Deleting two bytes keeps the parity, so only the one character that
    straddles the deletion reads wrong without it.  The places tried are the
    ends of the run and the ``most`` places where the reading without a
    deletion has its least probable lone character (or no character at all).
    """
    seq = h.seq
    body_end = len(seq) - (1 if len(seq) % 2 == 0 else 0)
    spots = list(range(1, body_end + 1, 2))
    if len(spots) > most + 2:
        inner = spots[1:-1]
        chars = [pair_char(seq[k], seq[k + 1]) if isinstance(seq[k + 1], int) else None for k in inner]
        reading = "".join(c or "\ufffd" for c in chars)
        lone, pos = set(), 0
        for w in model.segment(reading):
            if len(w) == 1:
                lone.add(pos)
            pos += len(w)

        def oddness(i: int) -> float:
            c = chars[i]
            if not c:
                return math.inf
            return -model.logprob(c) if i in lone else 0.0

        ranked = sorted(range(len(inner)), key=lambda i: -oddness(i))[:most]
        spots = [spots[0], spots[-1]] + [inner[i] for i in ranked]
    out = []
    for k in spots:
        new = seq[:k] + ["P1", "P2"] + seq[k:]
        if len(new) % 2 and not (isinstance(new[-1], int) and new[-1] < 0x80):
            continue
        out.append(Hypothesis(h.start, h.end, new, dict(h.domains, P1=_INVISIBLE_LEADS, P2=TRAILS), dict(h.needs),
                              h.suffix, h.score_end, h.mechanism, h.swallowed, h.prior))
    return out


def _pair_options(x, y, domains, needs):
    xs = (x,) if isinstance(x, int) else domains[x]
    ys = (y,) if isinstance(y, int) else domains[y]
    if len(xs) * len(ys) > 30000:
        return None
    need = needs.get(x) if isinstance(x, str) else None
    need = need or (needs.get(y) if isinstance(y, str) else None)
    out = []
    for a in xs:
        for b in ys:
            c = pair_char(a, b)
            if not c:
                continue
            if need and not reads_as(c, need):
                continue
            asg = {}
            if isinstance(x, str):
                asg[x] = a
            if isinstance(y, str):
                asg[y] = b
            out.append((c, asg))
    return out


def fill(h: Hypothesis, left: str, right: str, model, beam: int = 10, budget: _Budget | None = None) -> list[tuple[str, float]]:
    """Candidate texts for ``h`` with their prior (log), by beam search over
    the unknown bytes, left to right, each scored in its local context.

    Raises ``BudgetExceeded`` when ``budget`` runs out."""
    seq = h.seq
    pairs = [(seq[i], seq[i + 1]) for i in range(0, len(seq) - 1, 2)]
    tail = chr(seq[-1]) if len(seq) % 2 else ""
    options: list[list[tuple[str, dict]]] = []
    for x, y in pairs:
        opts = _pair_options(x, y, h.domains, h.needs)
        if not opts:
            return []
        options.append(opts)
    known = [o[0][0] if len(o) == 1 and not o[0][1] else None for o in options]
    after = tail + h.suffix + right
    states: list[tuple[str, dict, float]] = [("", {}, 0.0)]
    for idx, opts in enumerate(options):
        if known[idx] is not None:
            states = [(t + known[idx], a, sc) for t, a, sc in states]
            continue
        look = ""
        k = idx + 1
        while k < len(known) and known[k] is not None and len(look) < 4:
            look += known[k]
            k += 1
        if k == len(known):
            look += after[:3]
        grown: dict[str, tuple[str, dict, float]] = {}
        for t, a, sc in states:
            if budget is not None:
                budget.spend(len(opts))
            ctx = (left + t)[-5:]
            for ch, got in opts:
                merged = dict(a)
                if any(merged.setdefault(var, v) != v for var, v in got.items()):
                    continue
                if "P1" in merged and "P2" in merged and not is_invisible_pair(merged["P1"], merged["P2"]):
                    continue
                new = sc + model.logprob(ctx + ch + look)
                key = t + ch
                if key not in grown or grown[key][2] < new:
                    grown[key] = (key, merged, new)
        states = sorted(grown.values(), key=lambda st: -st[2])[:beam]
    prior = h.prior + (_LOGP_INVISIBLE if "P1" in h.domains else 0.0)
    return [(t + tail, prior) for t, _, _ in states]


def _known_side(known, idx, step, ctx):
    s = ""
    k = idx + step
    while 0 <= k < len(known) and known[k] is not None and len(s) < 3:
        s = s + known[k] if step > 0 else known[k] + s
        k += step
    if 0 <= k < len(known):
        return s
    return (s + ctx[:2]) if step > 0 else (ctx[-2:] + s)


def punctuation_prior(s: str, following: str) -> float:
    """Two marks in a row are grammatical only in a few shapes (GB/T 15834):
    an opener may follow anything, anything may follow a closer, a closer may
    follow a sentence end, and ``……``/``——`` double up; ``。、`` never occurs.
    An opener needs text after it, not a closer, a sentence end or the end of
    the paragraph (``following`` is what comes after ``s``: ``""`` at a line end)."""
    prior = 0.0
    for a, b in zip(s, s[1:] + (following[:1] or "\n")):
        if (a in OPENERS or a.isspace()) and b in _NOT_AFTER_OPENING:
            prior += _LOGP_MISPLACED
        if a in OPENERS and (b in CLOSERS or b in SENTENCE_END or b in "，、；：<\n"):
            prior += _LOGP_MISPLACED
        if a in _CLAUSE_MARKS and b in _CLAUSE_MARKS:
            if b in OPENERS or a in CLOSERS or (a in SENTENCE_END and b in CLOSERS) or (a == b and a in "…—"):
                continue
            prior += _LOGP_MISPLACED
    return prior


#: Marks that shape clauses (％, ～, ／ and the like are part of words instead).
_CLAUSE_MARKS = SENTENCE_END | CLOSERS | OPENERS | frozenset("，、；：—")

#: Marks that cannot open a line or follow an opener: they end or split a clause.
_NOT_AFTER_OPENING = SENTENCE_END | frozenset("，、；：")

#: Quotes and brackets whose opening and closing must balance within a paragraph.
_QUOTES = (("“", "”"), ("‘", "’"), ("「", "」"), ("『", "』"), ("（", "）"), ("《", "》"), ("【", "】"), ("〔", "〕"))


def quote_prior(line_before: str, restored: str) -> float:
    """Curly quotes pair up: a closing quote with none open (or an opening one
    while the same kind is open) is improbable."""
    prior = 0.0
    for open_q, close_q in _QUOTES:
        if open_q == "（":
            line_before = line_before.replace("(", "（").replace(")", "）")
        depth = max(0, line_before.count(open_q) - line_before.count(close_q))
        for ch in restored:
            if ch == open_q:
                if depth:
                    prior += _LOGP_MISPLACED
                depth += 1
            elif ch == close_q:
                if not depth:
                    prior += _LOGP_MISPLACED
                depth = max(0, depth - 1)
    return prior


_LOGP_OTHER_SCRIPT = math.log(0.3)


@lru_cache(maxsize=1)
def _s2t():
    import opencc

    return opencc.OpenCC("s2t")


@lru_cache(maxsize=8192)
def _in_script(ch: str, traditional: bool) -> bool:
    from .lang.model import to_simplified

    simple = to_simplified(ch)
    return _s2t().convert(simple) == ch if traditional else simple == ch


def punctuation_share(text: str) -> dict[str, float]:
    """Log frequency of each CJK mark relative to the average mark the document uses (add-one smoothed),
    counting ASCII-ised marks as their full-width originals: the document's own
    punctuation habits decide between marks the model scores alike (，/＋)."""
    from .encodings import ASCIIISED_PUNCTUATION

    counts = {m: 1 for m in CJK_PUNCTUATION | {"\u3000"}}
    for ch in text:
        ch = ASCIIISED_PUNCTUATION.get(ch, ch)
        if ch in counts:
            counts[ch] += 1
    used = [math.log(c) for c in counts.values() if c > 1]
    mean = sum(used) / len(used) if used else 0.0
    return {m: math.log(c) - mean for m, c in counts.items()}


def script_prior(restored: str, traditional: bool | None) -> float:
    """The model scores after t2s, so 並 and 并 tie; the document's own script breaks the tie."""
    if traditional is None:
        return 0.0
    return sum(_LOGP_OTHER_SCRIPT for ch in restored if "\u4e00" <= ch <= "\u9fff" and not _in_script(ch, traditional))


def is_traditional(text: str) -> bool | None:
    """Whether ``text`` is written in Traditional characters (``None`` if it shows no preference)."""
    from .lang.model import to_simplified

    han = [ch for ch in text[:4000] if "\u4e00" <= ch <= "\u9fff"]
    if len(han) < 20:
        return None
    changed = sum(1 for a, b in zip(han, to_simplified("".join(han))) if a != b)
    return changed / len(han) > 0.05


_FULL_WIDTH = str.maketrans(ASCIIISED_PUNCTUATION)


def _clean_for_scoring(s: str) -> str:
    """Drop complete annotations so the model sees the words around a run, and
    score ASCII-ised marks as the punctuation they are: a genuine ``?`` must not
    look like garbage next to a repair."""
    return ANNOTATION.sub("", s).translate(_FULL_WIDTH)


def _doc_support(doc: str, left: str, restored: str, right: str) -> float:
    """Bonus for readings the document itself uses elsewhere (全縣 versus 全黨)."""
    s = left[-1:] + restored + right[:1]
    bonus = 0.0
    for k in range(len(s) - 1):
        bg = s[k : k + 2]
        if all("\u4e00" <= ch <= "\u9fff" for ch in bg):
            bonus += min(3, doc.count(bg))
    return bonus


@dataclass
class RunVerdict:
    """The scored readings of one run."""

    start: int
    end: int
    literal: float
    ranked: list[Candidate]
    #: scoring stopped at ``MAX_SCORED_PER_RUN``: the run is undecided
    exhausted: bool = False

    @property
    def best(self) -> Candidate | None:
        return self.ranked[0] if self.ranked else None

    def margin_over_runner_up(self) -> float:
        if len(self.ranked) < 2:
            return math.inf
        return self.ranked[0].score - self.ranked[1].score


def judge(
    text: str,
    q: int,
    model,
    *,
    context: int = 8,
    line_before: str | None = None,
    traditional: bool | None = None,
    marks: dict[str, float] | None = None,
) -> RunVerdict | None:
    """Score every reading of the run starting at ``text[q] == "?"``.

    ``line_before`` is the (already repaired) text of the line before ``q``;
    it decides whether a restored quote opens or closes.  ``traditional``
    says which script the document is in (``None``: unknown), to choose
    between variants the model cannot tell apart (並/并).
    """
    hyps = hypotheses(text, q)
    if not hyps:
        return None
    hyps = hyps + [v for h in hyps for v in with_invisible_pairs(h, model)]
    far = max(h.score_end for h in hyps)
    line_start = text.rfind("\n", 0, q) + 1
    line_end = text.find("\n", far)
    line_end = len(text) if line_end < 0 else line_end
    left = _clean_for_scoring(text[max(line_start, q - 3 * context) : q])[-context:]
    right = _clean_for_scoring(text[far : min(line_end, far + 3 * context)])[:context]
    as_is = _clean_for_scoring(text[q:far])
    # the damaged text is judged by the same punctuation grammar as the repairs
    literal = model.logprob(left + as_is + right) + punctuation_prior((left[-1:] or "\n") + as_is, right)
    if line_before is None:
        line_before = text[line_start:q]
    best: dict[str, Candidate] = {}
    budget = _Budget(MAX_SCORED_PER_RUN)
    for h in hyps:
        mid = _clean_for_scoring(text[h.score_end : far])
        try:
            filled = fill(h, left, mid + right, model, budget=budget)
        except BudgetExceeded:
            return RunVerdict(q, max(h.end for h in hyps), literal, [], exhausted=True)
        for restored, prior in filled:
            out = restored + h.suffix
            score = model.logprob(left + restored + mid + right) + prior + quote_prior(line_before, restored)
            score += script_prior(restored, traditional)
            if marks:
                score += sum(marks[ch] for ch in restored if ch in marks)
            score += punctuation_prior((left[-1:] or "\n") + restored, h.suffix or (mid + right)[:1])
            key = out + "\0" + str(h.end)
            if key not in best or best[key].score < score:
                best[key] = Candidate(out, score, h)
    ranked = sorted(best.values(), key=lambda c: -c.score)[:12]
    ranked = [Candidate(c.text, c.score + _doc_support(text, left, c.text, right), c.hypothesis) for c in ranked]
    ranked.sort(key=lambda c: -c.score)
    return RunVerdict(q, ranked[0].hypothesis.end if ranked else q + 1, literal, ranked)

"""Repair Chinese mojibake runs inside otherwise good text.

Four kinds of damage, each undone at the byte level and accepted only when
the language model says the repair is Chinese and the damaged run was not:

- **GBK read out of phase** (``?biāo)坪踉诟嬖V`` → ``似乎在告訴``): one lead
  byte lost behind a ``?``, the rest shifted by one byte; see
  :mod:`zhclean.phaseslip`.
- **one codec read as another** (``涓枃``, ``ÖÐÎÄ``, ``い瓣``): the run is
  re-encoded and decoded correctly; see :mod:`zhclean.recode`.
- **Western mojibake** (``cafÃ©``): handed to ``ftfy.fix_encoding`` — never to
  ftfy's default ``fix_text``, which would turn ``，：（）“”`` into ASCII.
- **unrecoverable** ``�``, ``锟斤拷``, ``烫烫烫``: reported, and kept, removed
  or marked (``〓``) as the ``unrecoverable`` option says.

Clean text never reaches the model: without a ``?``, a ``�`` or an unusual
character, the filter returns at once.
"""

from __future__ import annotations

import bisect
import math
import re
from dataclasses import dataclass
from functools import lru_cache

import regex

from ..encodings import pair_char
from ..lang.rarity import plain_chars
from ..phaseslip import RunVerdict, hypotheses, is_traditional, judge, punctuation_share, text_budget
from ..pipeline import Edit, Filter, Notice, Step, apply_edits, register, settle
from ..recode import (
    cjk_runs,
    is_traditional_text,
    latin_runs,
    may_hold_latin_run,
    mechanisms_for,
    simplified_seed_chars,
    utf8_as_gbk_runs,
    without_names,
)

#: Replacement characters, and what UTF-8 ``��`` and MSVC's uninitialised
#: memory look like once read as GBK (``锟斤拷``, ``烫烫烫``).
_UNRECOVERABLE = regex.compile(r"\ufffd+|(?:[锟錕]斤拷)+[锟錕]?斤?|烫{3,}|燙{3,}")

#: What ``unrecoverable="mark"`` puts in place of a run: 〓 (GETA MARK), the
#: typesetter's sign for an illegible character.
MARK = "\u3013"

#: Characters that make ftfy worth asking: Latin-1 and other Latin letters,
#: Greek, Cyrillic, box drawing and √ are what UTF-8 looks like read as a
#: Windows or Mac code page.
#: (° · × are everyday symbols in Chinese text and are left out, and so is
#: the no-break space: mojibake that holds one (``Ã\xa0``) holds another of these.)
_WESTERN = re.compile(r"[\u0080-\u009f\u00a1-\u00af\u00b1-\u00b6\u00b8-\u00d6\u00d8-\u05ff\u2500-\u25ff\u221a]")

_FILTER = "mojibake"


def _confidence(margin: float) -> float:
    return round(1.0 / (1.0 + math.exp(-min(margin, 30.0))), 3)


@register
@dataclass(frozen=True)
class Mojibake(Filter):
    """Restore garbled runs; report the ones that cannot be decided."""

    name = "mojibake"
    summary = "repair Chinese mojibake runs (phase-slipped GBK, UTF-8 read as GBK, GBK read as Latin-1)"

    #: what to do with ``�``/``锟斤拷``/``烫烫烫``: "keep", "remove" or "mark" (〓)
    unrecoverable: str = "keep"
    #: hand Western (UTF-8 as Latin-1/Windows-1252) mojibake to ftfy.fix_encoding
    western: bool = True
    #: log-probability a repair must gain over the damaged text
    min_gain: float = 8.0
    #: log-probability the best reading must lead the runner-up by
    margin: float = 2.0

    def __post_init__(self) -> None:
        if self.unrecoverable not in ("keep", "remove", "mark"):
            raise ValueError(f"unrecoverable must be keep, remove or mark, not {self.unrecoverable!r}")

    def apply(self, text: str) -> Step:
        step = self._once(text)
        if not step.edits or not any(e.reason.startswith(_WESTERN_REASON) for e in step.edits):
            return step
        # ftfy's output can itself look like a codec mix-up (éééé); run to a
        # fixed point so the filter stays idempotent, and report one edit per change
        current = settle(step, self._once, 3)
        if current is step:
            return step
        return _diff_step(text, current.text, step.edits, step.notices)

    def _once(self, text: str) -> Step:
        if text.isascii() and "?" not in text:
            return Step(text)
        traditional = is_traditional_text(text)
        seeds, utf8_starts, western, latin, unrecoverable = _scan(text, traditional)
        if seeds and not traditional:
            seeds = without_names(text, seeds)
        recodable = bool(seeds) or bool(utf8_starts) or latin
        if "?" not in text and not recodable and not western and not unrecoverable:
            return Step(text)  # the fast path: clean text never loads the model
        edits: list[Edit] = []
        notices: list[Notice] = []
        taken = _Spans()
        free = taken.free

        def add(e: Edit) -> None:
            edits.append(e)
            taken.add(e.start, e.end)

        for m in _UNRECOVERABLE.finditer(text) if unrecoverable else ():
            notices.append(Notice(m.start(), m.end(), m.group(0), _FILTER, "unrecoverable damage: the bytes are gone"))
            if self.unrecoverable != "keep":
                after = "" if self.unrecoverable == "remove" else MARK
                add(Edit(m.start(), m.end(), m.group(0), after, _FILTER, f"unrecoverable damage {self.unrecoverable}d", 1.0))
        if "?" in text:
            self._phase_slips(text, add, notices, free)
            # a phase slip left undecided is still one garble: no other repair may take part of it
            for n in notices:
                if "out of phase" in n.reason:
                    taken.add(n.start, n.end)
        if recodable:
            from ..lang.model import get_model

            model = get_model()
            found = utf8_as_gbk_runs(text, utf8_starts, model, self.min_gain)
            if latin:
                found += latin_runs(text, model, self.min_gain)
            if seeds:
                found += cjk_runs(text, seeds, model, self.min_gain, traditional=traditional)
            for r in sorted(found, key=lambda r: -r.gain):
                if free(r.start, r.end):
                    add(Edit(r.start, r.end, r.before, r.after, _FILTER, r.reason, _confidence(r.gain - self.min_gain)))
        if self.western and western:
            self._western(text, add, taken)
        return apply_edits(text, edits, notices) if edits or notices else Step(text)

    def _phase_slips(self, text, add, notices, free) -> None:
        q = text.find("?")
        accepted: list[Edit] = []
        model = None
        script = marks = budget = None
        while q >= 0:
            nxt = q + 1
            if free(q, q + 1) and hypotheses(text, q):
                if model is None:
                    from ..lang.model import get_model

                    model = get_model()
                    script = is_traditional(text)
                    marks = punctuation_share(text)
                    budget = text_budget(text)
                before = _repaired_line_before(text, q, accepted)
                verdict = judge(text, q, model, line_before=before, traditional=script, marks=marks, budget=budget)
                if verdict is not None and verdict.exhausted:
                    notices.append(_undecided(text, verdict.start, verdict.end, "GBK read one byte out of phase",
                                              "too many readings to score", []))
                elif verdict is not None and verdict.best is not None:
                    nxt = max(nxt, self._decide(text, verdict, add, notices, accepted))
            q = text.find("?", nxt)

    def _decide(self, text: str, v: RunVerdict, add, notices, accepted) -> int:
        best = v.best
        h = best.hypothesis
        gain = best.score - v.literal
        if gain < self.min_gain:
            if gain > 0:  # likelier than the text as it is, but not by enough to change it
                top = [(c.text, round(c.score - v.literal, 1)) for c in v.ranked[:3]]
                notices.append(_undecided(text, h.start, h.end, h.mechanism, "no reading gains enough over the text as it is", top))
            return v.start + 1
        runner = v.margin_over_runner_up()
        damaged = text[h.start : h.end]
        if runner >= self.margin:
            lost = h.lost_bytes
            reason = f"{h.mechanism}, {lost} byte{'s' if lost != 1 else ''} lost"
            e = Edit(h.start, h.end, damaged, best.text, _FILTER, reason, _confidence(runner))
            add(e)
            accepted.append(e)
        else:
            top = [(c.text, round(c.score - v.literal, 1)) for c in v.ranked[:3]]
            notices.append(_undecided(text, h.start, h.end, h.mechanism, "no reading leads by a safe margin", top))
        return h.end

    def _western(self, text: str, add, taken) -> None:
        """ftfy.fix_encoding on each stretch of a line that no other repair touched."""
        import ftfy
        from ftfy.badness import is_bad

        pos = 0
        while (m := _WESTERN.search(text, pos)) is not None:
            start = text.rfind("\n", 0, m.start()) + 1
            end = text.find("\n", m.end())
            end = len(text) if end < 0 else end
            pos = end + 1
            line = text[start:end]
            for a, b in _free_stretches(start, end, taken):
                piece = text[a:b]
                # ftfy.fix_encoding returns a piece it does not find is_bad
                # unchanged; asking is_bad first skips its per-call setup
                worth = _WESTERN.search(piece) and _may_be_bad(piece) and is_bad(piece)
                fixed = ftfy.fix_encoding(piece) if worth else piece
                if fixed != piece and not _korean_in_chinese(line, fixed):
                    i, j = _common_ends(piece, fixed)
                    add(Edit(a + i, b - j, piece[i : len(piece) - j], fixed[i : len(fixed) - j], _FILTER,
                             _WESTERN_REASON + " (ftfy.fix_encoding)", 0.9))


_WESTERN_REASON = "UTF-8 read as Latin-1/Windows-1252"


def _undecided(text: str, start: int, end: int, mechanism: str, why: str, candidates: list) -> Notice:
    return Notice(start, end, text[start:end], _FILTER, f"suspected garble ({mechanism}), left unchanged: {why}",
                  {"candidates": candidates})
_HANGUL = regex.compile(r"\p{Hangul}")
_HAN_CHAR = regex.compile(r"\p{Han}")


def _may_be_bad(piece: str) -> bool:
    """False only where ftfy's ``is_bad`` is certainly False: a line of Chinese
    with a no-break space holds none of the characters its regex needs."""
    needed = _badness_needs()
    return needed is None or bool(needed.search(piece))


@lru_cache(maxsize=1)
def _badness_needs() -> re.Pattern[str] | None:
    """Characters of which every match of ftfy's BADNESS_RE contains one.

    Each alternative of that regex is a sequence of single characters; one
    class per alternative (the one least like Chinese text or ASCII) is
    collected.  Derived from the installed ftfy, so it cannot drift from it;
    ``None`` (always ask ``is_bad``) if the regex is not of that shape.
    """
    try:
        from re import _constants as C, _parser as P

        from ftfy.badness import BADNESS_RE

        (op, (_, alternatives)), = list(P.parse(BADNESS_RE.pattern, BADNESS_RE.flags))
        if op != C.BRANCH or BADNESS_RE.flags & re.IGNORECASE:
            return None
        needed: set[str] = set()
        for alt in alternatives:
            classes = [c for c in (_class_chars(o, a) for o, a in alt) if c]
            if not classes:
                return None
            needed |= min(classes, key=lambda c: (sum(ch.isascii() or ch > "\u02ff" for ch in c), len(c)))
        return re.compile("[" + re.escape("".join(sorted(needed))) + "]")
    except Exception:  # a future ftfy or Python may build its regex differently
        return None


def _class_chars(op, av) -> set[str] | None:
    """The characters a literal or a plain (not negated) class matches; ``None`` otherwise."""
    from re import _constants as C

    if op == C.LITERAL:
        return {chr(av)}
    if op != C.IN:
        return None
    out: set[str] = set()
    for o, a in av:
        if o == C.LITERAL:
            out.add(chr(a))
        elif o == C.RANGE:
            out.update(map(chr, range(a[0], a[1] + 1)))
        else:
            return None  # a negation or a category (\s, \w)
    return out


def _korean_in_chinese(line: str, fixed: str) -> bool:
    """Would ftfy put Hangul into a Chinese line that has none?

    Chinese quotes “” are bytes 93/94 in Windows-1252, so ftfy can read
    ``í”“`` as the UTF-8 of ``픓``.  A Korean syllable appearing inside Chinese
    text is far likelier to be such a false repair than a real one.
    """
    return bool(_HANGUL.search(fixed)) and not _HANGUL.search(line) and bool(_HAN_CHAR.search(line))


class _Spans:
    """The spans already repaired or reported, kept sorted: a text may hold thousands of
    repairs, and every candidate asks whether its span is still free (a scan of all of
    them per question made such texts quadratic)."""

    def __init__(self) -> None:
        self._starts: list[int] = []
        self._spans: list[tuple[int, int]] = []
        self._longest = 0

    def add(self, start: int, end: int) -> None:
        i = bisect.bisect_right(self._starts, start)
        self._starts.insert(i, start)
        self._spans.insert(i, (start, end))
        self._longest = max(self._longest, end - start)

    def overlapping(self, start: int, end: int) -> list[tuple[int, int]]:
        """The spans that overlap [start, end), in order: only those starting after
        ``start - longest`` and before ``end`` can."""
        lo = bisect.bisect_left(self._starts, start - self._longest)
        hi = bisect.bisect_left(self._starts, end)
        return [(a, b) for a, b in self._spans[lo:hi] if a < end and b > start]

    def free(self, start: int, end: int) -> bool:
        return not self.overlapping(start, end)


def _free_stretches(start: int, end: int, taken: _Spans) -> list[tuple[int, int]]:
    """Maximal sub-spans of [start, end) that no accepted edit overlaps."""
    out, a = [], start
    for s, e in taken.overlapping(start, end):
        if e <= a or s >= end:
            continue
        if s > a:
            out.append((a, s))
        a = max(a, e)
    if end > a:
        out.append((a, end))
    return out


def _common_ends(a: str, b: str) -> tuple[int, int]:
    i = 0
    while i < min(len(a), len(b)) and a[i] == b[i]:
        i += 1
    j = 0
    while j < min(len(a), len(b)) - i and a[-1 - j] == b[-1 - j]:
        j += 1
    return i, j


def _diff_step(text: str, final: str, first: list[Edit], notices: list[Notice]) -> Step:
    """One edit per changed stretch between ``text`` and ``final``, with the reasons of the first round."""
    import difflib

    edits = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, text, final, autojunk=False).get_opcodes():
        if op == "equal":
            continue
        why = sorted({e.reason for e in first if e.start < i2 + 1 and e.end > i1 - 1}) or [_WESTERN_REASON]
        edits.append(Edit(i1, i2, text[i1:i2], final[j1:j2], _FILTER, "; ".join(why), 0.8))
    return apply_edits(text, edits, notices)


def _scan(text: str, traditional: bool = False) -> tuple[list[int], list[int], bool, bool, bool]:
    """One pass over ``text`` for everything the filter looks for.

    Returns the offsets of characters that may seed a CJK mix-up (odd
    characters that one maps to a common character, ``㎝`` for ``和``) and
    of characters that can start UTF-8 read as GBK, and whether there may be
    Western mojibake for ftfy, GBK read as Latin-1, or unrecoverable damage.
    Clean text holds few such characters, so the lists are short.  In
    ``traditional`` text, Simplified-only characters seed too.
    """
    positions = [m.start() for m in _interesting(traditional).finditer(text)]
    if not positions:
        return [], [], False, False, False
    kind = _kind
    kinds = [kind(text[i]) for i in positions]
    seen = 0
    for k in kinds:
        seen |= k
    if traditional:
        simplified = simplified_seed_chars()
        seeds = [i for i, k in zip(positions, kinds) if k & _SEED or text[i] in simplified]
    else:
        seeds = [i for i, k in zip(positions, kinds) if k & _SEED] if seen & _SEED else []
    utf8_starts: list[int] = []
    if seen & _UTF8:
        follows = _utf8_chars()[1]
        utf8_starts = [i for i, k in zip(positions, kinds) if k & _UTF8 and text[i + 1 : i + 2] in follows]
    latin = bool(seen & _LATIN) and any(
        k & _LATIN and may_hold_latin_run(text[max(0, i - 1) : i + 2]) for i, k in zip(positions, kinds)
    )
    return seeds, utf8_starts, bool(seen & _WEST), latin, bool(seen & _UNREC)


_SEED, _UTF8, _WEST, _LATIN, _UNREC = 1, 2, 4, 8, 16


@lru_cache(maxsize=None)
def _kind(ch: str) -> int:
    return (
        (_SEED if ch not in plain_chars() and mechanisms_for(ch) else 0)
        | (_UTF8 if ch in _utf8_chars()[0] else 0)
        | (_WEST if _WESTERN.match(ch) else 0)
        | (_LATIN if ch != "\u00b7" and may_hold_latin_run(ch + ch) else 0)
        | (_UNREC if ch in _UNRECOVERABLE_CHARS else 0)
    )


#: What every match of ``_UNRECOVERABLE`` holds one of.
_UNRECOVERABLE_CHARS = "\ufffd锟錕烫燙"


@lru_cache(maxsize=2)
def _interesting(traditional: bool = False) -> re.Pattern[str]:
    """Every character ``_kind`` may give a bit to: all but the plain characters
    (common Han, CJK punctuation, ASCII…) that are neither a UTF-8 start,
    Western mojibake, Latin-1 nor unrecoverable; for ``traditional`` text
    also the Simplified-only seeds.  The middle dot of names (奥托·冯) is no
    trigger: GBK read as Latin-1 that shows it (``·Î²¿``) shows other
    Latin-1 characters too."""
    keep = {ch for ch in plain_chars() if not _kind(ch)}
    if traditional:
        keep -= simplified_seed_chars()
    return re.compile("[^" + re.escape("".join(sorted(keep))) + "]")


@lru_cache(maxsize=1)
def _utf8_chars() -> tuple[frozenset[str], frozenset[str]]:
    """Characters whose GBK code is a UTF-8 lead byte of Chinese text and a
    continuation byte, and those whose GBK code is a continuation byte and
    the start of what may follow a three-byte sequence (ASCII, a two- or
    three-byte lead): UTF-8 text read as GBK starts with one of the first
    followed by one of the second (``涓枃``: E4B8 ADE6 9687).

    Chinese in UTF-8 has lead bytes E2 (“” — …), E3 (、。《》), E4-E9 (Han)
    and EF (full-width forms); EA-EE lead Hangul, Yi and private use, which a
    repair never accepts, so 於 (EC B6) in Traditional text is no start.
    """
    chinese_leads = [0xE2, 0xE3, *range(0xE4, 0xEA), 0xEF]
    leads = {pair_char(lead, trail) for lead in chinese_leads for trail in range(0x80, 0xC0)}
    nexts = [*range(0x40, 0x7F), *range(0xC2, 0xE0), *chinese_leads]
    follows = {pair_char(lead, trail) for lead in range(0x81, 0xC0) for trail in nexts}
    return frozenset(leads - {None, ""}), frozenset(follows - {None, ""})


def _repaired_line_before(text: str, q: int, accepted: list[Edit]) -> str:
    line_start = text.rfind("\n", 0, q) + 1
    parts, pos = [], line_start
    # repairs are accepted left to right, so those on this line are the last ones
    first = bisect.bisect_left(accepted, line_start, key=lambda e: e.start)
    for e in accepted[first:]:
        if e.start >= line_start and e.end <= q:
            parts.append(text[pos : e.start])
            parts.append(e.after)
            pos = e.end
    parts.append(text[pos:q])
    return "".join(parts)

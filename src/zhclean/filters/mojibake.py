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

import math
from dataclasses import dataclass

import regex

from ..encodings import stream_bytes
from ..lang.rarity import suspect_chars
from ..phaseslip import RunVerdict, hypotheses, is_traditional, judge, punctuation_share
from ..pipeline import Edit, Filter, Notice, Step, apply_edits, register
from ..recode import cjk_runs, latin_runs, utf8_as_gbk_runs

#: Replacement characters, and what UTF-8 ``��`` and MSVC's uninitialised
#: memory look like once read as GBK (``锟斤拷``, ``烫烫烫``).
_UNRECOVERABLE = regex.compile(r"\ufffd+|(?:[锟錕]斤拷)+[锟錕]?斤?|烫{3,}|燙{3,}")

#: What ``unrecoverable="mark"`` puts in place of a run: 〓 (GETA MARK), the
#: typesetter's sign for an illegible character.
MARK = "\u3013"

#: Characters that make ftfy worth asking: UTF-8 lead bytes shown as Latin-1.
_WESTERN = regex.compile(r"[\u00c2-\u00f4]")

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
        if text.isascii() and "?" not in text:
            return Step(text)
        suspects = suspect_chars(text)
        western = bool(_WESTERN.search(text))
        recodable = bool(suspects) or western or _maybe_utf8_as_gbk(text)
        if "?" not in text and not recodable and not _UNRECOVERABLE.search(text):
            return Step(text)  # the fast path: clean text never loads the model
        edits: list[Edit] = []
        notices: list[Notice] = []
        taken: list[tuple[int, int]] = []

        def free(s: int, e: int) -> bool:
            return all(e <= a or s >= b for a, b in taken)

        def add(e: Edit) -> None:
            edits.append(e)
            taken.append((e.start, e.end))

        for m in _UNRECOVERABLE.finditer(text):
            notices.append(Notice(m.start(), m.end(), m.group(0), _FILTER, "unrecoverable damage: the bytes are gone"))
            if self.unrecoverable == "keep":
                taken.append((m.start(), m.end()))
            else:
                after = "" if self.unrecoverable == "remove" else MARK
                add(Edit(m.start(), m.end(), m.group(0), after, _FILTER, f"unrecoverable damage {self.unrecoverable}d", 1.0))
        if "?" in text:
            self._phase_slips(text, add, notices, free)
        if recodable:
            from ..lang.model import get_model

            model = get_model()
            found = latin_runs(text, model, self.min_gain) + utf8_as_gbk_runs(text, model, self.min_gain)
            found += cjk_runs(text, suspects, model, self.min_gain)
            for r in sorted(found, key=lambda r: -r.gain):
                if free(r.start, r.end):
                    add(Edit(r.start, r.end, r.before, r.after, _FILTER, r.reason, _confidence(r.gain - self.min_gain)))
        if self.western and western:
            self._western(text, add, free)
        return apply_edits(text, edits, notices)

    def _phase_slips(self, text, add, notices, free) -> None:
        q = text.find("?")
        accepted: list[Edit] = []
        model = None
        script = marks = None
        while q >= 0:
            nxt = q + 1
            if free(q, q + 1) and hypotheses(text, q):
                if model is None:
                    from ..lang.model import get_model

                    model = get_model()
                    script = is_traditional(text)
                    marks = punctuation_share(text)
                before = _repaired_line_before(text, q, accepted)
                verdict = judge(text, q, model, line_before=before, traditional=script, marks=marks)
                if verdict is not None and verdict.best is not None:
                    nxt = max(nxt, self._decide(text, verdict, add, notices, accepted))
            q = text.find("?", nxt)

    def _decide(self, text: str, v: RunVerdict, add, notices, accepted) -> int:
        best = v.best
        h = best.hypothesis
        gain = best.score - v.literal
        if gain < self.min_gain:
            return v.start + 1
        runner = v.margin_over_runner_up()
        damaged = text[h.start : h.end]
        if runner >= self.margin and not h.lossy:
            lost = h.lost_bytes
            reason = f"{h.mechanism}, {lost} byte{'s' if lost != 1 else ''} lost"
            e = Edit(h.start, h.end, damaged, best.text, _FILTER, reason, _confidence(runner))
            add(e)
            accepted.append(e)
        else:
            why = "a swallowed ASCII byte cannot be recovered" if h.lossy else "no reading leads by a safe margin"
            notices.append(
                Notice(
                    h.start,
                    h.end,
                    damaged,
                    _FILTER,
                    f"suspected garble ({h.mechanism}), left unchanged: {why}",
                    {"candidates": [(c.text, round(c.score - v.literal, 1)) for c in v.ranked[:3]]},
                )
            )
        return h.end

    def _western(self, text: str, add, free) -> None:
        import ftfy

        pos = 0
        for line in text.split("\n"):
            start, end = pos, pos + len(line)
            pos = end + 1
            if not _WESTERN.search(line) or not free(start, end):
                continue
            fixed = ftfy.fix_encoding(line)
            if fixed == line:
                continue
            a = 0
            while a < min(len(line), len(fixed)) and line[a] == fixed[a]:
                a += 1
            b = 0
            while b < min(len(line), len(fixed)) - a and line[-1 - b] == fixed[-1 - b]:
                b += 1
            add(Edit(start + a, end - b, line[a : len(line) - b], fixed[a : len(fixed) - b], _FILTER,
                     "UTF-8 read as Latin-1/Windows-1252 (ftfy.fix_encoding)", 0.9))


def _maybe_utf8_as_gbk(text: str) -> bool:
    """A cheap test for UTF-8 CJK bytes shown as GBK: such runs start with a
    character whose GBK lead byte is a UTF-8 lead (E4-E9) and trail is a
    continuation byte (80-BF)."""
    for ch in set(text):
        if "\u4e00" <= ch <= "\u9fff":
            b = stream_bytes(ch)
            if b and 0xE4 <= b[0] <= 0xE9 and 0x80 <= b[1] <= 0xBF:
                return True
    return False


def _repaired_line_before(text: str, q: int, accepted: list[Edit]) -> str:
    line_start = text.rfind("\n", 0, q) + 1
    parts, pos = [], line_start
    for e in accepted:
        if e.start >= line_start and e.end <= q:
            parts.append(text[pos : e.start])
            parts.append(e.after)
            pos = e.end
    parts.append(text[pos:q])
    return "".join(parts)

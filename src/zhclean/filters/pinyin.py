"""Remove inline pinyin readings such as 時(shí), 時（shí）, 時shi2 and 北京(běi jīng).

Some sites annotate characters with their reading in parentheses, and the
annotation tool in seeds 001 and 004 did so for every occurrence of a list of
characters.  A parenthesis is removed only when its content spells a reading
of the characters right before it (pypinyin, heteronyms included, tone marks or
tone numbers), so names ``(鄭標)``, bylines ``(杨丁香 赵建平)``, English names
``北京(Beijing)`` and numbers stay.

Mojibake leaves readings whose character is damaged.  Those are removed only in
narrow, checkable shapes (see ``_after_stray_trail_byte`` and ``_orphans``):
``_(kāi)``, where ``_`` is the trail byte of 開 read out of phase, and ``?biāo)``,
a reading whose ``(`` was swallowed together with a lost lead byte.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache

import regex

from ..lang.readings import (
    PINYIN_LETTERS,
    all_syllables,
    canonical,
    gbk_trail_readings,
    has_tone,
    is_common_char,
    readings,
    usual_reading,
)
from ..pipeline import Edit, Filter, Notice, Step, apply_edits, register

_L = PINYIN_LETTERS
# The longest run of characters one reading may cover, and the longest syllable.
_MAX_CHARS = 8
_MAX_SYLLABLE = 7

# "(" or "（" with pinyin-looking content: letters, tone numbers, separators.
_PAREN = regex.compile(rf"[(（][ ]?([{_L}][{_L}1-5:'’ \-]{{0,80}})[ ]?[)）]")
# A reading written without parentheses, with tone numbers: 時shi2, 中国zhong1guo2.
_BARE = regex.compile(rf"(?<=\p{{Han}})(?:[ ]?[a-zA-Zü:]{{1,6}}[1-5])+(?![A-Za-z0-9])")
# A reading whose "(" was lost: one toned syllable and ")" right after "?", U+FFFD or Han.
_ORPHAN = regex.compile(rf"(?<=[?\ufffd\p{{Han}}])([{_L}]{{1,{_MAX_SYLLABLE}}}[1-5]?)[)）]")
_HAN = regex.compile(r"\p{Han}")
_HAN_RUN_BEFORE = regex.compile(rf"\p{{Han}}{{1,{_MAX_CHARS}}}\Z")
# Readings already removed or kept right before a parenthesis: 鎮(zhèn)(街道).
_GROUP_BEFORE = regex.compile(r"[(（][^()（）\n]{1,80}[)）]\Z")
_SEPARATORS = regex.compile(r"[ '’\-]+")
# Toned readings a text must carry before a toneless one (们(men)) is read as a gloss too.
_MIN_TONED_FOR_NEUTRAL = 1
# An annotation tool glosses every occurrence of the characters in its table with one fixed
# reading (seeds 001 and 004: 485 and 290 readings).  A text with this many removable one-character
# readings, none of them contrasting two readings of a character, is read as tool-annotated, and
# the editor's-gloss rule (``_editors_glosses``) is not applied to it.
_TOOL_ANNOTATED_MIN = 10


@lru_cache(maxsize=4096)
def spells_reading(chars: str, written: str) -> bool:
    """True when ``written`` is a reading of every character of ``chars``, in order.

    ``written`` may separate syllables with spaces, apostrophes or hyphens, or
    run them together (``běijīng``); each syllable must be a reading of its
    character in tone marks or tone numbers (a toneless syllable only where the
    character has a neutral-tone reading, as 的 de).
    """
    pieces = _SEPARATORS.sub("|", written.strip()).strip("|")
    if not pieces:
        return False
    sets = [readings(c) for c in chars]
    if not all(sets):
        return False

    @lru_cache(maxsize=None)
    def match(i: int, pos: int) -> bool:
        if pos < len(pieces) and pieces[pos] == "|":
            return i > 0 and match(i, pos + 1)
        if i == len(chars):
            return pos == len(pieces)
        for end in range(pos + 1, min(len(pieces), pos + _MAX_SYLLABLE) + 1):
            piece = pieces[pos:end]
            if "|" in piece:
                break
            if canonical(piece) in sets[i] and match(i + 1, end):
                return True
        return False

    return match(0, 0)


def _reading_chars(text: str, end: int, written: str) -> str | None:
    """The run of Han characters ending at ``end`` that ``written`` reads, if any (shortest wins)."""
    run = _HAN_RUN_BEFORE.search(text, max(0, end - _MAX_CHARS), end)
    if not run:
        return None
    chars = run.group(0)
    for k in range(1, len(chars) + 1):
        if spells_reading(chars[-k:], written):
            return chars[-k:]
    return None


def _anchor(text: str, pos: int, known: dict[int, int]) -> int:
    """Where the characters a parenthesis at ``pos`` may annotate end: before any groups right before it.

    ``known`` holds the anchors found so far in ``text``: parentheses come in
    order, so a run of n groups (``(shí)(shí)…``) is walked once, not n times."""
    walked = []
    while pos not in known:
        walked.append(pos)
        m = _GROUP_BEFORE.search(text, max(0, pos - 82), pos)
        if not m:
            known[pos] = pos
            break
        pos = m.start()
    for p in walked:
        known[p] = known[pos]
    return known[pos]


def _single_toned_syllable(written: str) -> bool:
    return has_tone(written) and canonical(written) in all_syllables() and len(written) <= _MAX_SYLLABLE


def _unmatched_close(text: str, close: int) -> bool:
    """True when the ")" at ``close`` has no "(" before it on its line."""
    line_start = text.rfind("\n", 0, close) + 1
    depth = 0
    for ch in text[line_start:close]:
        if ch in "(（":
            depth += 1
        elif ch in ")）" and depth:
            depth -= 1
    return depth == 0


@register
@dataclass(frozen=True)
class Pinyin(Filter):
    """Option ``keep_rare_glosses`` (default True): keep the readings an editor wrote
    for readers, with a notice: after a character outside the 3,500 most common
    (童寯（jùn）), and a marked reading of a common one (see ``_editors_glosses``)."""

    name = "pinyin"
    summary = "remove inline pinyin readings such as 時(shí) and 時shi2"

    keep_rare_glosses: bool = True

    def apply(self, text: str) -> Step:
        edits: list[Edit] = []
        notices: list[Notice] = []
        if "(" in text or "（" in text:
            edits += self._parenthesised(text, notices)
        if ")" in text or "）" in text:
            edits += self._orphans(text)
        if any(d in text for d in "12345"):
            edits += self._bare(text)
        return apply_edits(text, _without_overlaps(edits), notices)

    def _parenthesised(self, text: str, notices: list[Notice]) -> list[Edit]:
        found = self._readings_in_parentheses(text, notices)
        kept = _editors_glosses(found) if self.keep_rare_glosses else set()
        for e, chars, _ in found:
            if id(e) in kept:
                notices.append(Notice(e.start, e.end, e.before, self.name, f"kept: an editor's gloss ({chars} read "
                                      "in a way the text marks: an unusual reading given once, or two readings contrasted)"))
        return [e for e, _, _ in found if id(e) not in kept]

    def _readings_in_parentheses(self, text: str, notices: list[Notice]) -> list[tuple[Edit, str, str]]:
        """Each removable reading with the characters it reads ("" where mojibake took
        them) and the reading as written."""
        edits = []
        matches = list(_PAREN.finditer(text))
        # A toneless syllable is a reading only in an annotated text, where the
        # tool also glossed neutral tones (们(men), 了(le)); elsewhere
        # ``(Beijing)``-like words are names and stay.
        annotated = sum(1 for m in matches if has_tone_anywhere(m.group(1))) >= _MIN_TONED_FOR_NEUTRAL
        anchors: dict[int, int] = {}
        for m in matches:
            start, written = m.start(), m.group(1).strip()
            toneless = not has_tone_anywhere(written)
            if not start or (toneless and not annotated):
                continue
            anchor = _anchor(text, start, anchors)
            before = text[anchor - 1] if anchor else ""
            if _HAN.match(before):
                chars = _reading_chars(text, anchor, written)
                if not chars:
                    continue
                if self.keep_rare_glosses and not any(is_common_char(c) for c in chars):
                    notices.append(
                        Notice(start, m.end(), m.group(0), self.name, f"kept: an editor's gloss of the rare character {chars}")
                    )
                    continue
                edits.append((Edit(start, m.end(), m.group(0), "", self.name, f"inline pinyin reading of {chars}"), chars, written))
            elif toneless:
                continue
            elif before and before in "?\ufffd" and _single_toned_syllable(written):
                edits.append((
                    Edit(start, m.end(), m.group(0), "", self.name, "inline pinyin reading of a character lost to mojibake", 0.8),
                    "", written,
                ))
            elif self._after_stray_trail_byte(text, anchor, written):
                edits.append((
                    Edit(
                        start, m.end(), m.group(0), "", self.name,
                        f"inline pinyin reading of a GBK character whose trail byte shows as {before!r}", 0.8,
                    ),
                    "", written,
                ))
        return edits

    @staticmethod
    def _after_stray_trail_byte(text: str, anchor: int, written: str) -> bool:
        """``_(kāi)``: an ASCII symbol inside Han text that is the trail byte of a character read so."""
        if anchor < 2 or text[anchor - 2].isascii():
            return False
        return _single_toned_syllable(written) and canonical(written) in gbk_trail_readings(text[anchor - 1])

    def _orphans(self, text: str) -> list[Edit]:
        edits = []
        for m in _ORPHAN.finditer(text):
            written = m.group(1)
            if _single_toned_syllable(written) and _unmatched_close(text, m.end() - 1):
                edits.append(
                    Edit(
                        m.start(), m.end(), m.group(0), "", self.name,
                        "pinyin reading left by mojibake (its '(' was swallowed)", 0.8,
                    )
                )
        return edits

    def _bare(self, text: str) -> list[Edit]:
        edits = []
        for m in _BARE.finditer(text):
            written = m.group(0).strip()
            chars = _reading_chars(text, m.start(), written)
            if chars:
                edits.append(Edit(m.start(), m.end(), m.group(0), "", self.name, f"inline pinyin reading of {chars}"))
        return edits


def _editors_glosses(found: list[tuple[Edit, str, str]]) -> set[int]:
    """The readings an editor wrote for readers rather than a tool for every occurrence.

    A tool's table gives a character one reading everywhere, and a text it
    annotated has many readings.  An editor glosses a character to say how it
    is read *here*: with a reading other than the first of pypinyin's table
    (the one a context-free tool writes, see ``usual_reading``), given once
    (敦（duì）, 曾（zēng）国藩), or with two readings set against each other
    (长（zhǎng）…长（cháng）, 行(xíng)和行(háng)).  Only one-character readings
    are judged.  ``found`` is ``(edit, characters read, reading as written)``;
    returns the ``id`` of each edit to keep out.
    """
    singles = [(e, chars, canonical(written)) for e, chars, written in found if len(chars) == 1]
    by_char: dict[str, Counter[str]] = defaultdict(Counter)
    for _, char, written in singles:
        by_char[char][written] += 1
    contrasted = {char for char, seen in by_char.items() if len(seen) > 1}
    if len(singles) >= _TOOL_ANNOTATED_MIN and not contrasted:
        return set()
    return {id(e) for e, char, written in singles
            if char in contrasted or (by_char[char][written] == 1 and written != usual_reading(char))}


def has_tone_anywhere(written: str) -> bool:
    """Readings carry at least one tone mark or tone number; ``(Beijing)`` is a name, not a reading."""
    return any(has_tone(p) for p in regex.split(r"[ '’\-]+|(?<=[1-5])", written) if p)


def _without_overlaps(edits: list[Edit]) -> list[Edit]:
    """Keep the first of any edits that overlap (``時shi2)`` is both bare and orphaned)."""
    kept: list[Edit] = []
    for e in sorted(edits, key=lambda e: (e.start, -e.end)):
        if not kept or e.start >= kept[-1].end:
            kept.append(e)
    return kept

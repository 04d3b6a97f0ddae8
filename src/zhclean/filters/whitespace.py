"""Remove the spaces that PDF column wraps and Markdown hard breaks leave in Chinese text.

When a PDF's narrow columns are extracted, each column line is joined to the
next with a space, so a paragraph comes out as pieces of one width separated
by spaces: ``…传来好消息,该 区今年以来已成功签约引进产业项目 29个,…``.
A space is taken for such a wrap when the text since the previous wrap (or
the start of the line) is as wide as the column.  The column width is
measured from the text itself: the most common width of the pieces between
spaces, in the document or, for a line with many pieces, in that line.

Real spaces are kept: a list of names (``刘爱明 张 咪 傅相玮 甘 敏``), a
two-part headline (``党建引领聚合力 找准定位谋发展``) and parallel phrases
(``守初心 担使命 找差距``) have pieces far narrower than any column.  Full-width
spaces (U+3000) and runs of spaces are typesetting, never wraps.  Spaces
between Latin words or numbers are never touched.

A single space between Chinese text and a mark that may not start a line
(``速度 、低``, ``城市 。``) goes too: such marks carry their own spacing and no
wrap or column boundary can fall before them.

Where there is no column to measure (too few pieces), a space between two
Han characters goes only when the language model sees a word broken by it
(``该 区`` → ``该区``, join gain ≥ ``_WORD_ACROSS`` nats).
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from ..lang.model import get_model
from ..lang.punctuation import CJK_PUNCTUATION, NO_LINE_START
from ..layout import looks_like_names
from ..pipeline import Edit, Filter, Step, apply_edits, register

_CJK_CLASS = r"\p{Han}" + regex.escape("".join(CJK_PUNCTUATION))
# A single ASCII space with CJK on at least one side and no space on either.
_CJK_CHAR = regex.compile(rf"[{_CJK_CLASS}]")
# One ASCII space (a run of them is alignment, not a wrap); a no-break or
# full-width space beside it is content and stays.
_SINGLE_SPACE = regex.compile(r"(?<=[^ \t\n]) (?=[^ \t\n])")
_HAN = regex.compile(r"\p{Han}")
_LETTER = regex.compile(r"[A-Za-z]")
# Markdown hard break: two or more spaces before a newline.
_MD_BREAK = regex.compile(r"(?<=\S) {2,}(?=\n)")
_PROSE_MARK = regex.compile(r"[，。；,;]")
# One ASCII space between Chinese text and a mark that may not start a line
# (``速度 、低``): Chinese marks carry their own spacing, and no wrap falls there.
_SPACE_BEFORE_MARK = regex.compile(
    rf"(?<=[\p{{Han}}{regex.escape(''.join(CJK_PUNCTUATION - {'—', '－', '／', '＋', '＝', '＜', '＞'}))}]) "
    rf"(?=[{regex.escape(''.join(NO_LINE_START))}])"
)
_BRACKETED_NAMES = regex.compile(r"[（(]([^（()）]{2,40})[）)]")

# How far (in column units) a wrapped piece may fall short of, or run past,
# the column: a line may end early when the next character may not start a
# line, and a paragraph's first line is indented by two characters.
_SHORT, _LONG, _INDENT = 2.5, 2.5, 2.0
# Rounds of removal before giving up on a fixed point (a second round is rare).
_MAX_ROUNDS = 4
# A line is measured on its own when it was wrapped at least this many times.
_MIN_LINE_PIECES = 6
# Narrower columns than this are lists of short phrases, not wrapped prose.
_MIN_COLUMN = 6
# A line measured on its own needs a wider column: short spaced groups in one
# line (coordinates, lists) are not a wrapped paragraph.
_MIN_LINE_COLUMN = 7
# A column needs at least this many pieces, most of them of one width.
_MIN_PIECES, _MIN_SHARE = 3, 0.5
# join gain (nats) that shows a word broken by a space
_WORD_ACROSS = 2.0


def _display(s: str) -> float:
    """Width in CJK columns: ASCII is half a column (as printed), the rest one."""
    return sum(0.5 if ord(c) < 128 else 1.0 for c in s)


def _compressed(s: str) -> float:
    """Width with punctuation set half-width, as Chinese typesetting compresses it."""
    return sum(1.0 if _HAN.match(c) else 0.5 for c in s)


def _chars(s: str) -> float:
    return float(len(s))


def _column(widths: list[float], minimum: float = _MIN_COLUMN) -> tuple[float, float] | None:
    """The most common width (±1.5) and the share of pieces near it, or ``None``.

    Widths are counted in half columns, so this is linear in the number of pieces.
    """
    if len(widths) < _MIN_PIECES:
        return None
    halves: dict[int, int] = {}
    for x in widths:
        key = round(x * 2)
        halves[key] = halves.get(key, 0) + 1
    best, best_count = 0, 0
    for key in halves:
        count = sum(halves.get(key + d, 0) for d in range(-3, 4))
        if count > best_count or (count == best_count and key > best):
            best, best_count = key, count
    share = best_count / len(widths)
    if best_count < _MIN_PIECES or share < _MIN_SHARE or best / 2 < minimum:
        return None
    near = sorted(x for x in widths if abs(x - best / 2) <= 1.5)
    return near[len(near) // 2], share


def _pieces(line: str) -> list[str]:
    """The text between single spaces, except the last piece (which need not fill a column)."""
    parts = _SINGLE_SPACE.split(line)
    return parts[:-1]


def _is_name_line(line: str) -> bool:
    s = line.strip()
    m = _BRACKETED_NAMES.fullmatch(s)
    return looks_like_names(m.group(1) if m else s)


@register
@dataclass(frozen=True)
class Whitespace(Filter):
    name = "whitespace"
    summary = "remove column-wrap spaces inside Chinese sentences and Markdown hard-break spaces"

    def apply(self, text: str) -> Step:
        if " " not in text:
            return Step(text)
        # Removing wraps changes the pieces the column is measured from, so
        # repeat until nothing changes: fix(fix(x)) must equal fix(x).
        edits = self._one_round(text)
        if not edits:
            return Step(text)
        current = apply_edits(text, edits).text
        origin: list[int] | None = None  # offset in ``text`` of each character of ``current``
        for _ in range(_MAX_ROUNDS - 1):
            found = self._one_round(current)
            if not found:
                break
            if origin is None:
                removed = {i for e in edits for i in range(e.start, e.end)}
                origin = [i for i in range(len(text)) if i not in removed]
            gone = {i for e in found for i in range(e.start, e.end)}
            for e in found:
                edits.append(Edit(origin[e.start], origin[e.end - 1] + 1, e.before, "", self.name, e.reason, e.confidence))
            current = apply_edits(current, found).text
            origin = [o for i, o in enumerate(origin) if i not in gone]
        return apply_edits(text, edits)

    def _one_round(self, text: str) -> list[Edit]:
        """The wrap and hard-break spaces of ``text`` as deletions."""
        edits: list[Edit] = []
        for m in _MD_BREAK.finditer(text):
            edits.append(Edit(m.start(), m.end(), m.group(0), "", self.name, "Markdown hard-break spaces"))
        for m in _SPACE_BEFORE_MARK.finditer(text):
            mark = text[m.end()]
            edits.append(Edit(m.start(), m.end(), " ", "", self.name, f"space before {mark} (a mark that never starts a line)"))
        lines = text.split("\n")
        candidate_lines = [i for i, line in enumerate(lines) if " " in line and _CJK_CHAR.search(line)]
        if candidate_lines:
            measure, doc_column = self._document_column([lines[i] for i in candidate_lines])
            starts = [0]
            for line in lines:
                starts.append(starts[-1] + len(line) + 1)
            taken = {e.start for e in edits}
            for i in candidate_lines:
                for pos, reason, confidence in self._wrap_spaces(lines[i], measure, doc_column):
                    at = starts[i] + pos
                    if at not in taken:
                        edits.append(Edit(at, at + 1, " ", "", self.name, reason, confidence))
        return sorted(edits, key=lambda e: e.start)

    @staticmethod
    def _document_column(lines: list[str]):
        """Choose the measure (characters or printed width) whose pieces cluster best."""
        best = (_chars, None)
        best_share = 0.0
        prose = [line for line in lines if not _is_name_line(line)]
        wrapped = [len(_pieces(line)) for line in prose if len(_pieces(line)) >= _MIN_PIECES]
        if len(wrapped) < 2:
            return best  # too few lines wrapped more than twice: no column to measure
        for measure in (_chars, _display, _compressed):
            widths = [measure(p) for line in prose for p in _pieces(line)]
            col = _column(widths)
            if col is not None and col[1] > best_share:
                best, best_share = (measure, col[0]), col[1]
        return best

    def _wrap_spaces(self, line: str, measure, doc_column: float | None):
        """Positions in ``line`` of the spaces that are column wraps, with the reason."""
        if _is_name_line(line):
            return []
        column = doc_column
        own = _column([measure(p) for p in _pieces(line)], _MIN_LINE_COLUMN) if line.count(" ") >= _MIN_LINE_PIECES else None
        if own is not None and own[1] >= 0.6:
            column = own[0]
        if column is None:
            return self._broken_words(line, ())
        found: list[tuple[int, str, float]] = []
        spaces = [m.start() for m in _SINGLE_SPACE.finditer(line)]
        cjk_line = _mostly_cjk(line)
        last = len(line) - len(line.lstrip(" \u3000"))  # start of the current wrapped piece
        first = True
        k = 0
        while k < len(spaces):
            width = measure(line[last : spaces[k]])
            low = column - _SHORT - (_INDENT if first else 0.0)
            if width > column + _LONG:
                # no wrap fits: the text since the last wrap holds a real space; measure from it
                last, first = spaces[k - 1] + 1 if k and spaces[k - 1] + 1 > last else spaces[k] + 1, False
                k += 1 if last == spaces[k] + 1 else 0
                continue
            if width < low:
                k += 1
                continue
            # the spaces that fit the column: take the one nearest its width
            j = k
            best = k
            while j + 1 < len(spaces) and measure(line[last : spaces[j + 1]]) <= column + _LONG:
                j += 1
                if abs(measure(line[last : spaces[j]]) - column) < abs(measure(line[last : spaces[best]]) - column):
                    best = j
            pos = spaces[best]
            width = measure(line[last:pos])
            left, right = line[pos - 1], line[pos + 1]
            words = _LETTER.match(left) and _LETTER.match(right) and not cjk_line
            if not words and (cjk_line or _is_cjk(left) or _is_cjk(right)):
                found.append((pos, f"column-wrap space (piece {width:g} wide, column {column:g})", 0.9))
            last, first = pos + 1, False
            k = best + 1
        return self._broken_words(line, found)

    @staticmethod
    def _broken_words(line: str, found):
        """Add the spaces between Han characters in prose that break a word (``该 区``)."""
        found = list(found)
        taken = {pos for pos, _, _ in found}
        if not _PROSE_MARK.search(line):
            return found
        for m in _SINGLE_SPACE.finditer(line):
            pos = m.start()
            if pos not in taken and _HAN.match(line[pos - 1]) and _HAN.match(line[pos + 1]):
                gain = get_model().join_gain(line[max(0, pos - 4) : pos], line[pos + 1 : pos + 5])
                if gain >= _WORD_ACROSS:
                    found.append((pos, f"space breaks a word (join gain {gain:.1f})", 0.8))
        return sorted(found)


def _mostly_cjk(text: str) -> bool:
    cjk = sum(1 for c in text if _is_cjk(c))
    return cjk > len(text) - cjk - text.count(" ")


def _is_cjk(ch: str) -> bool:
    return bool(_HAN.match(ch)) or ch in CJK_PUNCTUATION

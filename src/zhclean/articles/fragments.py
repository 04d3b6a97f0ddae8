"""Cut a page into fragments: the smallest pieces whose reading order may be wrong.

PDF extraction of a newspaper page gives either one printed column line per
input line, or one paragraph per input line with a space wherever the printed
line wrapped (``该 区今年以来``).  Two columns can also be merged into one
input line, alternating line by line (``今年起,永州市冷水滩区又组建 盾不上交的社会治理新格局。``).
So every whitespace-separated segment of a line is a place where the reading
order may break, and is a fragment of its own.  File order is kept as a strong
prior by the link scorer; cutting here costs nothing when the order was right.

Two exceptions keep furniture whole: a line tagged as headline, kicker,
byline, caption or credit is one fragment (a ``kicker: headline`` line is
two), and a parenthesised byline split by spaces (``(肖玉生 李会生)``) is
glued back together.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from .measure import display_width, ends_sentence
from .tags import FURNITURE, tag_lines

_SEGMENT = regex.compile(r"\S+")
# A segment made only of symbols (a stray ``>`` or ``■``) is glued to the next one.
_ONLY_SYMBOLS = regex.compile(r"^[^\p{L}\p{N}]+$")
#: A kicker ends with a colon (``江华:``) and precedes the headline on its line.
_KICKER_END = frozenset(":：")


@dataclass(frozen=True)
class Fragment:
    """A piece of the input that the reader may have to move.

    ``start``/``end`` are character offsets into the input; ``line`` is the
    0-based input line and ``col`` the offset of ``start`` in that line;
    ``seg``/``nsegs`` place it among its line's segments.
    """

    index: int
    text: str
    start: int
    end: int
    line: int
    col: int
    seg: int
    nsegs: int
    role: str = "body"

    @property
    def first_in_line(self) -> bool:
        return self.seg == 0

    @property
    def last_in_line(self) -> bool:
        return self.seg == self.nsegs - 1

    @property
    def width(self) -> float:
        """Printed width in em (see :func:`display_width`)."""
        return display_width(self.text)

    @property
    def ends_sentence(self) -> bool:
        return ends_sentence(self.text)


def _segments(line: str) -> list[tuple[int, int]]:
    """Whitespace-separated segments, with split bylines and stray symbols glued back."""
    spans = [(m.start(), m.end()) for m in _SEGMENT.finditer(line)]
    out: list[tuple[int, int]] = []
    i = 0
    while i < len(spans):
        s, e = spans[i]
        # ``(周 俊 何邵林 蒋加强)``: an unclosed parenthesis followed by short
        # name-sized segments is one byline, not several column lines.
        j = i
        text = line[s:e]
        while (
            j + 1 < len(spans)
            and _depth(text) > 0
            and spans[j + 1][1] - spans[j + 1][0] <= 5
            and spans[j + 1][1] - s <= 30
        ):
            j += 1
            text = line[s : spans[j][1]]
        if _ONLY_SYMBOLS.match(text) and j + 1 < len(spans):
            j += 1
        out.append((s, spans[j][1]))
        i = j + 1
    return out


def _depth(text: str) -> int:
    return text.count("(") + text.count("（") - text.count(")") - text.count("）")


def fragment_text(text: str) -> list[Fragment]:
    """Split ``text`` into fragments in file order (never empty ones)."""
    lines = text.split("\n")
    tags = tag_lines(lines)
    frags: list[Fragment] = []
    offset = 0
    for lineno, (line, tag) in enumerate(zip(lines, tags)):
        segs = _segments(line)
        if segs and (tag in FURNITURE or tag == "subhead"):
            first = line[segs[0][0] : segs[0][1]]
            if tag == "headline" and len(segs) > 1 and first[-1] in _KICKER_END and len(first) <= 12:
                segs = [segs[0], (segs[1][0], segs[-1][1])]
                roles = ["kicker", "headline"]
            else:
                segs = [(segs[0][0], segs[-1][1])]
                roles = [tag]
        else:
            roles = [_segment_role(line[s:e]) for s, e in segs]
        for k, ((s, e), role) in enumerate(zip(segs, roles)):
            frags.append(
                Fragment(
                    index=len(frags),
                    text=line[s:e],
                    start=offset + s,
                    end=offset + e,
                    line=lineno,
                    col=s,
                    seg=k,
                    nsegs=len(segs),
                    role=role,
                )
            )
        offset += len(line) + 1
    return frags


# A parenthesised run of names closing a body line: ``(刘澜戴宁彭舒)``, ``(肖玉生 李会生)``.
_INLINE_BYLINE = regex.compile(r"^[(（][\p{Han}·\s]{2,24}[)）]$")


def _segment_role(segment: str) -> str:
    return "byline" if _INLINE_BYLINE.match(segment) else "body"

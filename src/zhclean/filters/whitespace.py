"""Remove the spaces that PDF column wraps and Markdown hard breaks leave in Chinese text.

A space between two Han characters (or a Han character and CJK punctuation)
is a wrap artefact when it sits in running prose (``该 区今年以来``).  It is
kept in lines that are lists of names (bylines such as ``刘爱明 张 咪 傅相玮``)
and in short lines such as two-part headlines (``党建引领聚合力 找准定位谋发展``),
where the space is a real separator.  Spaces between Latin words are never touched.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from ..lang.punctuation import CJK_PUNCTUATION
from ..pipeline import Edit, Filter, Step, apply_edits, register

_CJK = r"[\p{Han}" + regex.escape("".join(CJK_PUNCTUATION)) + r"]"
_HAN_SPACE_HAN = regex.compile(rf"(?<={_CJK})[ \u3000]+(?={_CJK})")
# Markdown hard break: two or more spaces before a newline.
_MD_BREAK = regex.compile(r"(?<=\S) {2,}(?=\n)")
# A line shorter than this is treated as a heading or list, not wrapped prose.
_MIN_PROSE_LINE = 30
# Running prose has commas or full stops; headlines and name lists do not.
_PROSE_MARK = regex.compile(r"[，。；,;]")


@register
@dataclass(frozen=True)
class Whitespace(Filter):
    name = "whitespace"
    summary = "remove column-wrap spaces between Han characters and Markdown hard-break spaces"

    def apply(self, text: str) -> Step:
        if " " not in text and "\u3000" not in text:
            return Step(text)
        edits: list[Edit] = []
        for m in _MD_BREAK.finditer(text):
            edits.append(Edit(m.start(), m.end(), m.group(0), "", self.name, "Markdown hard-break spaces"))
        pos = 0
        for line in text.split("\n"):
            if len(line) >= _MIN_PROSE_LINE and _PROSE_MARK.search(line):
                for m in _HAN_SPACE_HAN.finditer(line):
                    edits.append(
                        Edit(pos + m.start(), pos + m.end(), m.group(0), "", self.name, "column-wrap space between Han characters", 0.9)
                    )
            pos += len(line) + 1
        return apply_edits(text, edits) if edits else Step(text)

"""The output contract: no trailing spaces and at most one blank line in a row.

With ``paragraph_gap="blank"`` every paragraph is also set off by one blank
line (the print layout the layout filter writes for pages it restructures);
the default keeps a text's own separators, so clean one-paragraph-per-line
corpora pass unchanged.

A final newline is added when a file is written (see :mod:`zhclean.io`), so
``fix_text`` on a string does not grow one.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from ..pipeline import Filter, Step, register, replace_matches

# Horizontal space: the same four characters every other filter treats as
# blank (space, tab, ideographic space U+3000, no-break space).  Removing more
# here (em space, form feed, NEL) would change what the earlier filters saw, and
# a second run would then decide differently.  Alternatives, tried in this
# order at each position: blank lines at the very start of the text; blank
# lines at the very end (the file keeps just its final newline); two or more
# blank lines in a row; spaces at the end of a line.
_H = r"[ \t\u3000\u00a0]"
_UNTIDY = regex.compile(
    rf"(?P<lead>\A(?:{_H}*\n)+)"
    rf"|(?P<tail>\n(?:{_H}*\n)+{_H}*\Z)"
    rf"|(?P<run>\n(?:{_H}*\n){{2,}})"
    rf"|(?P<trailing>(?<!{_H}){_H}++(?=\n|\Z))"  # starts only at a run's start: linear time
)
# A single line break between two lines that hold text (paragraph_gap="blank").
_NOT_BLANK = r"[^\n \t\u3000\u00a0]"
_SINGLE_BREAK = rf"|(?P<single>(?<={_NOT_BLANK}{_H}*)\n(?={_H}*{_NOT_BLANK}))"
_UNTIDY_BLANK = regex.compile(_UNTIDY.pattern + _SINGLE_BREAK)
_REPLACEMENT = {"lead": "", "tail": "\n", "run": "\n\n", "trailing": "", "single": "\n\n"}
_REASON = {
    "lead": "remove leading blank lines",
    "tail": "remove trailing blank lines",
    "run": "collapse blank lines",
    "trailing": "remove trailing space",
    "single": "one blank line between paragraphs",
}
GAPS = ("keep", "blank")


@register
@dataclass(frozen=True)
class Tidy(Filter):
    name = "tidy"
    summary = "remove trailing spaces, leading blank lines and runs of blank lines"
    required = True

    #: ``keep`` the text's paragraph separators, or put one ``blank`` line between paragraphs.
    paragraph_gap: str = "keep"

    def __post_init__(self) -> None:
        if self.paragraph_gap not in GAPS:
            raise ValueError(f"tidy: paragraph_gap must be keep or blank, not {self.paragraph_gap!r}")

    def apply(self, text: str) -> Step:
        return replace_matches(
            text,
            _UNTIDY_BLANK if self.paragraph_gap == "blank" else _UNTIDY,
            lambda m: _REPLACEMENT[m.lastgroup],
            filter=self.name,
            reason=lambda m: _REASON[m.lastgroup],
        )

"""The output contract: no trailing spaces and at most one blank line in a row.

A final newline is added when a file is written (see :mod:`zhclean.io`), so
``fix_text`` on a string does not grow one.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from ..pipeline import Filter, Step, register, replace_matches

# Trailing horizontal space on a line (full-width U+3000 included), or a run of
# three or more line breaks (two or more blank lines), or blank lines at the
# very start of the text.
_UNTIDY = regex.compile(r"[ \t\u3000\u00a0]+(?=\n|\Z)|\n(?:[ \t\u3000\u00a0]*\n){2,}|\A(?:[ \t\u3000\u00a0]*\n)+")


def _tidy(m: regex.Match[str]) -> str:
    s = m.group(0)
    if m.start() == 0 and s.endswith("\n") and s.strip() == "":
        return ""
    if "\n" in s:
        return "\n\n"
    return ""


@register
@dataclass(frozen=True)
class Tidy(Filter):
    name = "tidy"
    summary = "remove trailing spaces, leading blank lines and runs of blank lines"
    required = True

    def apply(self, text: str) -> Step:
        return replace_matches(
            text,
            _UNTIDY,
            _tidy,
            filter=self.name,
            reason=lambda m: "collapse blank lines" if m.group(0).count("\n") > 1 else "remove trailing space",
        )

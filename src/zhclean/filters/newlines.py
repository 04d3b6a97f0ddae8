"""Normalise line endings (CRLF and CR become LF) and drop byte-order marks.

U+FEFF is dropped wherever it appears: files concatenated from several
UTF-8-with-BOM sources carry it mid-text, where it is invisible junk.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from ..pipeline import Filter, Step, register, replace_matches

_LINE_END = regex.compile(r"\r\n?|\ufeff|[\u2028\u2029]")


@register
@dataclass(frozen=True)
class Newlines(Filter):
    name = "newlines"
    summary = "CRLF, CR and Unicode line separators become LF; byte-order marks are dropped"
    required = True

    def apply(self, text: str) -> Step:
        if "\r" not in text and "\ufeff" not in text and "\u2028" not in text and "\u2029" not in text:
            return Step(text)
        return replace_matches(
            text,
            _LINE_END,
            lambda m: "" if m.group(0) == "\ufeff" else "\n",
            filter=self.name,
            reason=lambda m: "drop byte-order mark" if m.group(0) == "\ufeff" else "normalise line ending",
        )

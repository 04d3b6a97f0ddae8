"""Strip HTML leftovers from scraped text: stray tags such as ``</p>`` and ``<br>``, and entities.

Only a closed list of presentational tags is removed, so text that merely
contains ``<`` (``a<b``, ``<<人民日报>>``) is left alone.  ``<br>`` and ``</p>``
become line breaks when they sit inside a line, since that is what they meant.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

import regex

from ..pipeline import Filter, Step, register, replace_matches

# Tags seen in scraped news pages.  Block tags end a line; inline ones vanish.
_BLOCK_TAGS = "p|br|div|li|tr|h[1-6]"
_INLINE_TAGS = "span|font|b|i|strong|em|a|u|sup|sub|img|td|th|table|tbody|ul|ol|section|article"
_TAG = regex.compile(
    rf"</?(?:(?P<block>{_BLOCK_TAGS})|{_INLINE_TAGS})(?:\s[^<>\n]*)?/?>",
    regex.IGNORECASE,
)
# Named, decimal and hex character references.
_ENTITY = regex.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


_LEFTOVER = regex.compile(f"(?P<tag>{_TAG.pattern})|(?P<entity>{_ENTITY.pattern})", regex.IGNORECASE)


def _replacement(m: regex.Match[str], entities: bool) -> str | None:
    if m.group("entity"):
        if not entities:
            return None
        out = html.unescape(m.group(0))
        return None if out == m.group(0) else out.replace("\xa0", " ")
    if not m.group("block"):
        return ""
    text = m.string
    at_line_end = m.end() == len(text) or text[m.end()] == "\n"
    at_line_start = m.start() == 0 or text[m.start() - 1] == "\n"
    return "" if at_line_end or at_line_start else "\n"


@register
@dataclass(frozen=True)
class Html(Filter):
    name = "html"
    summary = "strip stray HTML tags (</p>, <br>) and unescape entities (&nbsp;, &amp;)"
    entities: bool = True

    def apply(self, text: str) -> Step:
        if "<" not in text and "&" not in text:
            return Step(text)
        return replace_matches(
            text,
            _LEFTOVER,
            lambda m: _replacement(m, self.entities),
            filter=self.name,
            reason=lambda m: "unescape HTML entity" if m.group("entity") else "strip HTML tag",
        )

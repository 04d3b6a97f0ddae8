"""Strip HTML leftovers from scraped text: stray tags such as ``</p>`` and ``<br>``, and entities.

Only a closed list of presentational tags is removed, so text that merely
contains ``<`` (``a<b``, ``<<人民日报>>``) is left alone, and so is escaped
markup (``&lt;br&gt;``): it is what the page showed.  ``<br>`` and ``</p>``
become line breaks when they sit inside a line, since that is what they meant.
"""

from __future__ import annotations

import bisect
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
        kept = _escaped_markup(text, self.entities)
        return replace_matches(
            text,
            _LEFTOVER,
            lambda m: None if m.start() in kept else _replacement(m, self.entities),
            filter=self.name,
            reason=lambda m: "unescape HTML entity" if m.group("entity") else "strip HTML tag",
        )


def _escaped_markup(text: str, entities: bool) -> set[int]:
    """Starts of the entities that spell markup once unescaped (``&lt;br&gt;``).

    Escaped markup is text the page showed (a tutorial writing about ``<br>``):
    only tags the input really has are stripped.  Unescaped, it would be a tag
    for this filter's next run to strip, so such entities stay as they are;
    that keeps fix(fix(x)) == fix(x).  An entity that spells another entity
    (``&amp;lt;``) is unescaped: the next run decides about the one it spells.
    """
    if not entities or "&" not in text:
        return set()
    kept: set[int] = set()
    for _ in range(_MAX_PASSES):
        out: list[str] = []
        made: list[tuple[int, int, int]] = []  # output span made by unescaping the entity at (input offset)
        pos = size = 0
        for m in _LEFTOVER.finditer(text):
            after = None if m.start() in kept else _replacement(m, entities)
            if after is None:
                continue
            out.append(text[pos : m.start()])
            size += m.start() - pos
            if m.group("entity"):
                made.append((size, size + len(after), m.start()))
            out.append(after)
            size += len(after)
            pos = m.end()
        out.append(text[pos:])
        result = "".join(out)
        starts = [a for a, _, _ in made]
        spelled = set()
        for t in _TAG.finditer(result):
            # the entities whose output overlaps this tag (made is in output order)
            k = bisect.bisect_right(starts, t.start())
            k = k - 1 if k and made[k - 1][1] > t.start() else k
            while k < len(made) and made[k][0] < t.end():
                spelled.add(made[k][2])
                k += 1
        if not spelled:
            return kept
        kept |= spelled
    # markup that keeps reappearing: keep every entity that spells < or >
    return kept | {m.start() for m in _ENTITY.finditer(text) if html.unescape(m.group(0)) in ("<", ">")}


#: Rounds of :func:`_escaped_markup` (each keeps the entities one new tag is made of).
_MAX_PASSES = 4

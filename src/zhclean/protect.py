"""Spans that text filters must not rewrite: URLs, e-mail addresses, code and HTML entities.

Converting script or punctuation inside ``https://a.cn/x?a=1,2`` or inside a
code sample breaks it, so the script and punctuation filters work only on the
text between these spans.  URL characters are ASCII only: Chinese has no
spaces, so a pattern that allowed Han characters would swallow the sentence
after a link (``访问http://a.cn了解详情``).
"""

from __future__ import annotations

import regex

_URL = regex.compile(r"(?:(?:https?|ftp)://|www\.)[A-Za-z0-9\-._~:/?#\[\]@!$&'*+,;=%]*[A-Za-z0-9/_\-=&#%]")
_EMAIL_LOCAL = regex.compile(r"[A-Za-z0-9._%+\-]{1,64}\Z")
_EMAIL_DOMAIN = regex.compile(r"[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+")
# Inline code (`x = 1`) on one line, and fenced code blocks (``` ... ```).
_INLINE_CODE = regex.compile(r"`[^`\n]+`")
# An HTML character reference left in the text (&amp; &#8220;): its ';' is not Chinese punctuation.
_ENTITY = regex.compile(r"&(?:[A-Za-z][A-Za-z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6});")
_FENCED_CODE = regex.compile(r"(?m)^[ \t]*(`{3,}|~{3,})[^\n]*\n(?:.*\n)*?[ \t]*\1[ \t]*$")


def protected_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of every URL, e-mail address and code span, in order, not overlapping.

    Each kind is looked for only when its trigger (``://``, ``www.``, ``@``, ``&``,
    a backtick or ``~~~``) occurs, so clean prose costs a few substring tests.
    """
    spans: list[tuple[int, int]] = []
    if "```" in text or "~~~" in text:
        spans += [m.span() for m in _FENCED_CODE.finditer(text)]
    if "`" in text:
        spans += [m.span() for m in _INLINE_CODE.finditer(text)]
    if "://" in text or "www." in text:
        spans += [m.span() for m in _URL.finditer(text)]
    if "&" in text:
        spans += [m.span() for m in _ENTITY.finditer(text)]
    at = text.find("@")
    while at != -1:
        local = _EMAIL_LOCAL.search(text, max(0, at - 64), at)
        domain = _EMAIL_DOMAIN.match(text, at + 1)
        if local and domain:
            spans.append((local.start(), domain.end()))
        at = text.find("@", at + 1)
    if not spans:
        return spans
    spans.sort()
    merged = [spans[0]]
    for s, e in spans[1:]:
        if s < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    return merged


def open_pieces(
    text: str, start: int = 0, end: int | None = None, spans: list[tuple[int, int]] | None = None
) -> list[tuple[int, int]]:
    """The ``(start, end)`` pieces of ``text[start:end]`` outside protected spans.

    ``spans`` may pass ``protected_spans(text)`` computed once for the whole text
    (a fenced code block spans lines, so looking at one line cannot find it).
    """
    end = len(text) if end is None else end
    if spans is None:
        spans = [(s + start, e + start) for s, e in protected_spans(text[start:end])]
    pieces = []
    pos = start
    for s, e in spans:
        if e <= start or s >= end:
            continue
        if s > pos:
            pieces.append((pos, s))
        pos = max(pos, e)
    if pos < end:
        pieces.append((pos, end))
    return pieces

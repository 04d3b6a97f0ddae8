"""Spans that text filters must not rewrite: URLs, e-mail addresses and code.

Converting script or punctuation inside ``https://a.cn/x?a=1,2`` or inside a
code sample breaks it, so the script and punctuation filters work only on the
text between these spans.  URL characters are ASCII only: Chinese has no
spaces, so a pattern that allowed Han characters would swallow the sentence
after a link (``访问http://a.cn了解详情``).
"""

from __future__ import annotations

import regex

_URL = r"(?:(?:https?|ftp)://|www\.)[A-Za-z0-9\-._~:/?#\[\]@!$&'*+,;=%]*[A-Za-z0-9/_\-=&#%]"
_EMAIL = r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+"
# Inline code (`x = 1`) on one line, and fenced code blocks (``` ... ```).
_INLINE_CODE = r"`[^`\n]+`"
_FENCED_CODE = r"(?m)^[ \t]*(`{3,}|~{3,})[^\n]*\n(?:.*\n)*?[ \t]*\1[ \t]*$"

PROTECTED = regex.compile(rf"{_FENCED_CODE}|{_URL}|{_EMAIL}|{_INLINE_CODE}", regex.V0)

# Characters without which none of the patterns above can match: a fast path.
_TRIGGERS = ("://", "www.", "@", "`", "~~~")


def protected_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of every URL, e-mail address and code span, in order."""
    if not any(t in text for t in _TRIGGERS):
        return []
    return [m.span() for m in PROTECTED.finditer(text)]


def open_pieces(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """The ``(start, end)`` pieces of ``text[start:end]`` outside protected spans."""
    end = len(text) if end is None else end
    pieces = []
    pos = start
    for s, e in protected_spans(text[start:end]):
        s, e = s + start, e + start
        if s > pos:
            pieces.append((pos, s))
        pos = e
    if pos < end:
        pieces.append((pos, end))
    return pieces

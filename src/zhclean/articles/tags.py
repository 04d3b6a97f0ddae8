"""Line roles (headline, byline, caption, …) for the article splitter.

The layout module (``zhclean.layout.classify_lines``) is the one place that
knows what a headline or a byline looks like; this module only adapts its
labels to the roles the splitter needs, and takes back into the text the
short "headings" that are really lines of a column.
"""

from __future__ import annotations

from ..lang.model import get_model
from ..layout import classify_lines
from .measure import display_width as _width

#: Roles kept whole and placed around an article's text rather than inside its reading order.
FURNITURE = frozenset({"headline", "kicker", "byline", "caption", "credit"})

# How zhclean.layout's labels map to the splitter's roles.
_LAYOUT_ROLES = {
    "headline": "headline",
    "subhead": "subhead",
    "kicker": "kicker",
    "byline": "byline",
    "dateline": "body",
    "body": "body",
    "caption": "caption",
    "credit": "credit",
    "footer": "body",
    "boilerplate": "body",
    "furniture": "body",
}


def tag_lines(lines: list[str]) -> list[str]:
    """One role per input line: a FURNITURE role, ``body`` or ``blank``."""
    # A no-break space (``本报记者\xa0万秀斌``) is a space to the eye: the
    # layout patterns see one.  One character for one, so lines keep their length.
    tags = classify_lines([line.replace("\xa0", " ") for line in lines])
    roles = [
        "blank" if not line.strip() else _LAYOUT_ROLES.get(getattr(tag, "label", str(tag)), "body")
        for line, tag in zip(lines, tags)
    ]
    return _demote_column_lines(lines, roles)


_SENT_END = "。！？!?…"
# A join gain above this means a word runs across the line break (``集`` + ``中``).
_CONTINUES = 3.0

# Roles that a printed column line is sometimes mistaken for.
_SHORT_ROLES = frozenset({"headline", "subhead", "kicker", "caption"})
_TEXTISH = _SHORT_ROLES | {"body"}


def _demote_column_lines(lines: list[str], roles: list[str]) -> list[str]:
    """Turn back into body the short "headings" that are really column lines.

    The splitter's worst mistake is a false headline (it starts an article),
    so a heading must not read on into its neighbour (a word spans the line
    break: ``…国家体`` / ``育总局…``) and must not have exactly the printed width of
    the lines on both sides of it (the interior of a column).
    """
    model = get_model()
    stripped = [ln.strip() for ln in lines]
    nonblank = [i for i, s in enumerate(stripped) if s]
    out = list(roles)
    for k, i in enumerate(nonblank):
        if roles[i] not in _SHORT_ROLES:
            continue
        s = stripped[i]
        p = nonblank[k - 1] if k else None
        n = nonblank[k + 1] if k + 1 < len(nonblank) else None
        prev_line = stripped[p] if p is not None else ""
        next_line = stripped[n] if n is not None else ""
        if prev_line and prev_line[-1] not in _SENT_END and model.join_gain(prev_line, s) > _CONTINUES:
            out[i] = "body"
        elif next_line and s[-1] not in _SENT_END and model.join_gain(s, next_line) > _CONTINUES:
            out[i] = "body"
        elif k and p == i - 1 and prev_line[-1] not in _SENT_END and out[p] in _TEXTISH:
            # Printed right under a line that runs on, with no gap: inside a column block.
            out[i] = "body"
        elif any(
            m == i - 1 or m == i + 1
            for m in (p, n)
            if m is not None and out[m] in _TEXTISH and _same_width(s, stripped[m])
        ):
            # Set tight against a line of its own width: a line of the same column.
            out[i] = "body"
        elif " " not in s and any(
            # A byline next to a heading is no column line, however wide it is.
            m is not None
            and roles[nonblank[m]] in _TEXTISH
            and _is_column_line(stripped, nonblank, m)
            and abs(_width(s) - _width(stripped[nonblank[m]])) <= 0.5
            for m in (k - 1 if k else None, k + 1 if k + 1 < len(nonblank) else None)
        ):
            out[i] = "body"
    return out


def _same_width(a: str, b: str) -> bool:
    return len(a) == len(b) or abs(_width(a) - _width(b)) <= 0.5


def _is_column_line(stripped: list[str], nonblank: list[int], k: int) -> bool:
    """A line printed on its own that runs on and has the width of a neighbour: part of a column block."""
    s = stripped[nonblank[k]]
    if " " in s or s[-1] in _SENT_END:
        return False
    w = _width(s)
    for m in (k - 1, k + 1):
        if 0 <= m < len(nonblank):
            t = stripped[nonblank[m]]
            if " " not in t and abs(_width(t) - w) <= 0.5:
                return True
    return False

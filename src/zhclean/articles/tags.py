"""Line roles (headline, byline, caption, …) for the article splitter.

The layout module (``zhclean.layout.classify_lines``) is the one place that
knows what a headline or a byline looks like; this module only adapts its
labels to the roles the splitter needs.  Until that module is available, a
small structural stand-in is used: it looks at line length, end punctuation,
the widths of neighbouring lines and language-model continuity with them,
never at particular words of a particular page.
"""

from __future__ import annotations

import regex

from ..lang.model import get_model
from .measure import display_width as _width

#: Roles kept whole and placed around an article's text rather than inside its reading order.
FURNITURE = frozenset({"headline", "kicker", "byline", "caption", "credit"})

# How zhclean.layout's labels map to the splitter's roles.
_LAYOUT_ROLES = {
    "headline": "headline",
    "subhead": "headline",
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
    try:
        from ..layout import classify_lines  # type: ignore[attr-defined]
    except ImportError:
        return _fallback_tags(lines)
    tags = classify_lines(lines)
    roles = [
        "blank" if not line.strip() else _LAYOUT_ROLES.get(getattr(tag, "label", str(tag)), "body")
        for line, tag in zip(lines, tags)
    ]
    return _demote_column_lines(lines, roles)


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
            m is not None and _is_column_line(stripped, nonblank, m) and abs(_width(s) - _width(stripped[nonblank[m]])) <= 0.5
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


# ---------------------------------------------------------------------------
# Stand-in tagger (structure only).

_HAN = regex.compile(r"\p{Han}")
_SENT_END = "。！？!?…"
# Marks that never end a headline: a line ending in one runs on.
_RUN_ON = "，、；,;"
# Inside a headline there is no full stop.
_INNER_STOP = regex.compile(r"[。！？!?；;]")
# ``何勇 摄``: a photo credit is a short line ending in 摄 (photographed by).
_CREDIT = regex.compile(r"^[\p{Han}·\s/]{1,14}\s*摄$")
# ``(周 俊 何邵林)``, ``刘爱明 张 咪 傅相玮``: names only, in parentheses or space-separated.
_PAREN_NAMES = regex.compile(r"^[(（][\p{Han}·\s]{2,30}[)）]$")
_SPACED_NAMES = regex.compile(r"^\p{Han}{1,4}(?:\s+\p{Han}{1,4})+$")
# Reporter lines name their role: 记者 (reporter), 通讯员 (correspondent).
_REPORTER = regex.compile(r"记者|通讯员")
_MAX_HEADLINE = 40
# A subtitle under a headline opens with a middle dot or a dash (``·株洲经开区…纪实``, ``——破解…``).
_SUBTITLE_START = "·•—－-"
# A join gain above this means a word runs across the line break (``集`` + ``中``).
_CONTINUES = 3.0
# Column lines of one block share their width to within this many em.
_SAME_WIDTH = 0.75




def _fallback_tags(lines: list[str]) -> list[str]:
    stripped = [ln.strip() for ln in lines]
    tags = ["blank" if not s else "body" for s in stripped]
    nonblank = [i for i, s in enumerate(stripped) if s]
    for k, i in enumerate(nonblank):
        s = stripped[i]
        if _CREDIT.match(s):
            tags[i] = "credit"
        elif _PAREN_NAMES.match(s) or (_SPACED_NAMES.match(s) and len(_HAN.findall(s)) <= 24):
            tags[i] = "byline"
        elif _REPORTER.search(s) and len(s) <= _MAX_HEADLINE and not regex.search(r"[，,、。；;]", s):
            tags[i] = "byline"
    model = get_model()
    for k, i in enumerate(nonblank):
        if tags[i] != "body":
            continue
        s = stripped[i]
        prev = stripped[nonblank[k - 1]] if k else ""
        nxt = stripped[nonblank[k + 1]] if k + 1 < len(nonblank) else ""
        nxt_tag = tags[nonblank[k + 1]] if k + 1 < len(nonblank) else "blank"
        if nxt_tag == "credit" and len(s) <= _MAX_HEADLINE and not _INNER_STOP.search(s):
            tags[i] = "caption"
            continue
        if not _headline_shaped(s):
            continue
        if (s[-1] in ":：" and len(s) <= 12) or s[0] in _SUBTITLE_START:
            tags[i] = "kicker"
            continue
        # A column line continues its neighbours: a word runs across the break…
        if prev and prev[-1] not in _SENT_END and model.join_gain(prev, s) > _CONTINUES:
            continue
        if nxt and model.join_gain(s, nxt) > _CONTINUES:
            continue
        # …or it has the printed width of a column line next to it.
        near = [stripped[nonblank[m]] for m in range(max(0, k - 2), min(len(nonblank), k + 3)) if m != k]
        widths = [_width(seg) for line in near for seg in (line.split()[:-1] or line.split())]
        if any(abs(w - _width(s)) <= _SAME_WIDTH for w in widths):
            continue
        next_segs = nxt.split()
        prev_closes = not prev or prev[-1] in _SENT_END or prev[-1] in ")）" or tags[nonblank[k - 1]] != "body"
        next_opens = len(next_segs) >= 3 or nxt_tag != "body" or _headline_shaped(nxt)
        if prev_closes or next_opens:
            tags[i] = "headline"
    return tags


def _headline_shaped(s: str) -> bool:
    return (
        2 <= len(s) <= _MAX_HEADLINE
        and len(s.split()) <= 3
        and len(_HAN.findall(s)) >= 2
        and s[-1] not in _SENT_END
        and s[-1] not in _RUN_ON
        and not _INNER_STOP.search(s)
    )

"""Spans that text filters must not rewrite: URLs, e-mail addresses, code and HTML entities.

Converting script or punctuation inside ``https://a.cn/x?a=1,2`` or inside a
code sample breaks it, so the script and punctuation filters work only on the
text between these spans.  Chinese has no spaces, so a URL may not simply run
over Han characters: that would swallow the sentence after a link
(``访问http://a.cn了解详情``).  A Han run belongs to the URL only where the URL
visibly goes on after it (``wiki/中文?a=1``, ``item/长城(古代建筑)``,
``s?wd=长城,故宫``) or where it is a query value (``?wd=长城``).
"""

from __future__ import annotations

import regex

# A URL starts with a scheme or www.; its ASCII body runs as far as URL characters go.
_URL_START = regex.compile(r"(?:https?|ftp)://|www\.")
_URL_ASCII = regex.compile(r"[A-Za-z0-9\-._~:/?#\[\]@!$&'*+,;=%]+")
# A parenthesised part (wiki/长城_(古代建筑), b=(3)): balanced, one level, no spaces.
_URL_GROUP = regex.compile(r"\((?:[A-Za-z0-9\-._~:/?#\[\]@!$&'*+,;=%]|\p{Han})+\)")
_HAN_RUN = regex.compile(r"\p{Han}+")
# After a Han run the URL goes on only through a URL character that is followed by
# more URL (中文?a=1, 中文/历史, 长城_(古代建筑), 长城.html); a bare '?' or ',' after
# Chinese words is a sentence mark, not part of the link.
_GOES_ON = regex.compile(r"[?&#.=%\-](?=[A-Za-z0-9])|[/_=#](?=[A-Za-z0-9(\p{Han}])|/(?=\s|\Z)|\(")
# Inside a query value (?wd=长城,故宫) these separate Han words too.
_GOES_ON_IN_VALUE = regex.compile(r"[,+|;](?=\p{Han})")
# Characters a URL may end with; a trailing '.', ',', '?' ... belongs to the sentence.
_URL_END_CHARS = regex.compile(r"[A-Za-z0-9/_\-=&#%)]|\p{Han}")
_EMAIL_LOCAL = regex.compile(r"[A-Za-z0-9._%+\-]{1,64}\Z")
_EMAIL_DOMAIN = regex.compile(r"[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+")
# Inline code (`x = 1`) on one line, and fenced code blocks (``` ... ```).
_INLINE_CODE = regex.compile(r"`[^`\n]+`")
# An HTML character reference left in the text (&amp; &#8220;): its ';' is not Chinese punctuation.
_ENTITY = regex.compile(r"&(?:[A-Za-z][A-Za-z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6});")
_FENCED_CODE = regex.compile(r"(?m)^[ \t]*(`{3,}|~{3,})[^\n]*\n(?:.*\n)*?[ \t]*\1[ \t]*$")
# The target of a Markdown link or image, [text](url "title"): its parentheses and quotes are syntax.
_MARKDOWN_TARGET = regex.compile(r"""\]\((?:[^()\s]|\([^()\s]*\))*(?:[ \t]+(?:"[^"\n]*"|'[^'\n]*'))?\)""")
# A block indented by four spaces or a tab after a blank line (Markdown's indented code).
_INDENTED_BLOCK = regex.compile(r"(?m)^(?: {4}|\t)[ \t]*\S[^\n]*(?:\n(?:[ \t]*\n)*(?: {4}|\t)[^\n]*)*")
# Chinese paragraphs are indented with spaces too, so a block is code only when its lines
# read as code: a statement starting with a keyword, an assignment or a call ...
_CODE_STATEMENT = regex.compile(
    r"(?:def|class|return|import|from|if|elif|else|for|while|try|except|with|function|var|let|const|"
    r"public|private|static|void|int|package|using|#include|#define)\b(?:[ (:{]|$)"
    r"|[A-Za-z_][A-Za-z0-9_.\[\]]*\s*[-+*/]?=(?!=)"
    r"|[A-Za-z_][A-Za-z0-9_.]*\("
    r"|[{}]"
)
# ... or has code punctuation; and, string literals aside, it is mostly ASCII.
_CODE_PUNCTUATION = regex.compile(r"[;{}]\s*$|[A-Za-z_]\(|==|!=|=>|->|::|&&|\|\|")
_COMMENT = regex.compile(r"#|//|/\*|\*|--")
_STRING_LITERAL = regex.compile(r""""[^"]*"|'[^']*'""")


def _indented_code(text: str) -> list[tuple[int, int]]:
    """Blocks indented as Markdown code whose lines read as code (or comments), not prose."""
    spans = []
    for m in _INDENTED_BLOCK.finditer(text):
        start = m.start()
        previous_line = text[text.rfind("\n", 0, max(0, start - 1)) + 1 : max(0, start - 1)]
        if start and previous_line.strip():
            continue  # Markdown: an indented code block follows a blank line
        code = False
        for line in m.group(0).split("\n"):
            line = line.strip()
            if not line or _COMMENT.match(line):
                continue
            # Chinese inside string literals ("你好, ") does not make a line prose.
            bare = _STRING_LITERAL.sub("", line) or line
            if sum(c.isascii() for c in bare) < 0.6 * len(bare):
                break  # a line of prose: a Chinese paragraph indented by spaces
            code = code or bool(_CODE_STATEMENT.match(line) or _CODE_PUNCTUATION.search(bare))
        else:
            if code:
                spans.append(m.span())
    return spans


def _group(text: str, i: int) -> regex.Match[str] | None:
    """A parenthesised part of a URL at ``i``; Chinese in it only after ``_``, ``=`` or a Han
    character (wiki/长城_(古代建筑), item/长城(古代建筑)): ``见http://a.cn/x(中文说明)`` is a note."""
    m = _URL_GROUP.match(text, i)
    if m and (text[i - 1] in "_=" or _HAN_RUN.match(text, i - 1) or not _HAN_RUN.search(m.group(0))):
        return m
    return None


def _url_end(text: str, start: int, body: int) -> int:
    """Where the URL starting at ``start``, with its scheme (or ``www.``) ending at ``body``, ends."""
    # A link set off by spaces (详见 https://…/wiki/中文 。) may end in a Han path segment.
    spaced = start == 0 or text[start - 1].isspace()
    i = end = body
    n = len(text)
    while i < n:
        m = _URL_ASCII.match(text, i) or (_group(text, i) if text[i] == "(" else None)
        if m is None:
            run = _HAN_RUN.match(text, i) if i > body else None
            if run is None:
                break
            before = text[i - 1]
            in_value = before == "=" or (before in ",+|;" and _HAN_RUN.match(text, i - 2) is not None)
            at_end = run.end() == n or text[run.end()].isspace()
            if not (in_value or _GOES_ON.match(text, run.end())
                    or (in_value and _GOES_ON_IN_VALUE.match(text, run.end()))
                    or (spaced and before == "/" and at_end)):
                break
            m = run
        i = m.end()
        k = i
        while k > end and not _URL_END_CHARS.match(text, k - 1):
            k -= 1
        end = max(end, k)
    return end


def protected_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of every URL, e-mail address and code span, in order, not overlapping.

    Each kind is looked for only when its trigger (``://``, ``www.``, ``@``, ``&``,
    a backtick or ``~~~``) occurs, so clean prose costs a few substring tests.
    """
    spans: list[tuple[int, int]] = []
    if "```" in text or "~~~" in text:
        spans += [m.span() for m in _FENCED_CODE.finditer(text)]
    if "](" in text:
        spans += [m.span() for m in _MARKDOWN_TARGET.finditer(text)]
    if "    " in text or "\t" in text:
        spans += _indented_code(text)
    if "`" in text:
        spans += [m.span() for m in _INLINE_CODE.finditer(text)]
    if "://" in text or "www." in text:
        pos = 0
        while (m := _URL_START.search(text, pos)) is not None:
            end = _url_end(text, m.start(), m.end())
            if end > m.end():
                spans.append((m.start(), end))
            pos = max(end, m.end())
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

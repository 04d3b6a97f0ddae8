"""Normalise punctuation in Chinese text to GB/T 15834: full-width marks, paired quotes.

Half-width ``, : ; ? ! ( )`` become ``，：；？！（）`` where they touch Chinese
text; straight quotes become “” and ‘’ (or 「」『』) with the opening and
closing side chosen from context and from pairing within the paragraph;
``...`` and ``--`` become ``……`` and ``——`` next to Chinese text; full-width
letters and digits become ASCII.  Numbers (``1,000``, ``3.5``, ``1-6月``), times
(``10:30``), ratios (``1:50000``), Latin sentences, URLs, e-mail addresses and
code are left alone, and text that already follows the standard has nothing to
change: on clean text the filter only scans for candidate characters.
"""

from __future__ import annotations

import bisect
import dataclasses
from dataclasses import dataclass

import regex

from ..lang.punctuation import (
    AFTER_LATIN_MARK,
    CJK_PUNCTUATION,
    CLOSERS,
    CLOSES_BEFORE,
    DASH,
    ELLIPSIS,
    FULLWIDTH_ALNUM,
    HALF_TO_FULL,
    OPENS_AFTER,
    QUESTION_WORDS,
    QUOTE_SIDES,
    QUOTE_STYLES,
    SENTENCE_END,
)
from ..pipeline import Edit, Filter, Notice, Step, apply_edits, register
from ..protect import protected_spans

QUOTE_CHOICES = ("curly", "corner", "keep")

_HAN = regex.compile(r"\p{Han}")
_CJK_MARKS = frozenset(CJK_PUNCTUATION) | frozenset(QUOTE_SIDES)
# Candidates for every rule; text without them is returned untouched at once.
_CANDIDATES = regex.compile(r"""[,:;?!()"'\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]|\.{3,}|-{2,}""")
_CANDIDATES_CORNER = regex.compile(r"""[,:;?!()"'“”‘’\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]|\.{3,}|-{2,}""")
_MARKS = regex.compile(r"[,:;]|[?!]+|\.{3,}|-{2,}")
_FULLWIDTH = regex.compile(r"[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]+")
# A real question mark is never followed by these; a '?' standing for a lost character can be
# (深水?，  情愿?!?/p>).
_NOT_AFTER_QUESTION = frozenset("/，。、；：")
_PAREN = regex.compile(r"[()]")
# What ends the sentence a '?' left half-width belongs to.
_SENTENCE_BREAK = regex.compile(r"[。！!…\n]")
# A text with more '?' glued to Han characters than one in this many characters lost them to
# a lossy encoding (中文?中文?): they are not judged one by one.
_CHARS_PER_GLUED_QUESTION = 50
_GLUED_QUESTIONS_JUDGED_ANYWAY = 8
# The clause a '?' ends: back to the previous mark, at most this far.
_CLAUSE = regex.compile(r"[^，。！？；：、“”‘’「」『』（）《》…—,.!?;:\"'()\n]{1,40}\Z")
_ASKS = regex.compile("|".join(QUESTION_WORDS))
# Passes over paragraphs that changed; one more is rarely needed, two almost never.
_MAX_PASSES = 5
_ENDS_PARAGRAPH = SENTENCE_END | CLOSERS | {'"', "'"}
_BLOCK_BREAK = regex.compile(r"\n[ \t\u3000]*\n")
# What context-finding looks past: spaces, and the half-width marks this filter converts.
_TRANSPARENT = frozenset(" \t\u3000\u00a0,:;?!()")


def is_cjk(ch: str) -> bool:
    """A Han character or a Chinese punctuation mark."""
    return bool(ch) and (ch in _CJK_MARKS or bool(_HAN.match(ch)))


def _neighbour(text: str, i: int, step: int) -> str:
    """The nearest character from ``i`` in direction ``step`` that is not white space or a half-width mark.

    Line breaks are looked through too: later filters may join the lines, and the
    decision must not change when they do (idempotence of the whole pipeline).
    """
    j = i + step
    while 0 <= j < len(text) and (text[j] in _TRANSPARENT or text[j] in "\r\n"):
        j += step
    return text[j] if 0 <= j < len(text) else ""


def _chinese_around(text: str, start: int, end: int) -> bool:
    return is_cjk(_neighbour(text, start, -1)) or is_cjk(_neighbour(text, end - 1, +1))


_LATIN_WORD_END = regex.compile(r"[\p{Latin}\d]")
_LATIN_WORD = regex.compile(r"[\p{Latin}\d'’\-]")
_LATIN_BEFORE_SPACE = regex.compile(r"[\p{Latin}\d,;:'\"’]")
_SPACES = " \t\u00a0"


def ends_latin_phrase(text: str, start: int, end: int) -> bool:
    """A mark that belongs to Latin text: right after a Latin word and followed by a space
    (``How are you? 你好吗``, ``Yes! 是的``), or ending a phrase of two or more Latin
    words before a quote, a bracket or a line end (``称"C'est magnifique!"``, ``"The Wampus,"上時``).

    One Latin word in a Chinese sentence (``APP，精确``, ``我喜欢iPhone!你呢``,
    ``WiFi，“听说``) takes Chinese marks, and so does a phrase followed directly
    by Chinese (``Lalande Medal，以及``): the clean corpus has them full-width,
    and never a full-width mark followed by a space after a Latin word.
    """
    if not (start and _LATIN_WORD_END.match(text, start - 1)):
        return False
    if end < len(text) and text[end] not in AFTER_LATIN_MARK:
        return False
    if end < len(text) and text[end] in _SPACES:
        return True  # Yes! 是的: Chinese text puts no space after its marks
    j = start - 1
    while j > 0 and _LATIN_WORD.match(text, j - 1):
        j -= 1
    k = j
    while k > 0 and text[k - 1] in _SPACES:
        k -= 1
    return k < j and k > 0 and _LATIN_BEFORE_SPACE.match(text, k - 1) is not None


def _quote_parity(text: str) -> tuple[int, int]:
    return (sum(text.count(c) for c in '"“”「」') % 2, sum(text.count(c) for c in "'‘’『』") % 2)


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """Paragraphs for quote pairing: text between blank lines, except that a block
    ending mid-sentence with a quote left open continues, through blocks without
    quotes, into a block that closes it.  Narrow PDF columns split paragraphs so:
    ``"你好,请把垃圾放进旁边的垃圾 / 桶内,… / ……"日前`` (seed 002)."""
    blocks = []
    start = 0
    for brk in _BLOCK_BREAK.finditer(text):
        blocks.append((start, brk.start()))
        start = brk.end()
    blocks.append((start, len(text)))

    def mid_sentence(k: int) -> bool:
        tail = text[blocks[k][0] : blocks[k][1]].rstrip()
        return bool(tail) and tail[-1] not in _ENDS_PARAGRAPH

    spans = []
    i = 0
    while i < len(blocks):
        j = i
        odd = _quote_parity(text[blocks[i][0] : blocks[i][1]])
        while any(odd) and mid_sentence(j):
            k = j + 1
            while k < len(blocks) and k - j <= _MAX_BLOCKS_SKIPPED and mid_sentence(k) and not _has_quote(text, *blocks[k]):
                k += 1
            if k >= len(blocks):
                break
            nxt = _quote_parity(text[blocks[k][0] : blocks[k][1]])
            if not any(a and b for a, b in zip(odd, nxt)):
                break
            j, odd = k, (odd[0] ^ nxt[0], odd[1] ^ nxt[1])
        spans.append((blocks[i][0], blocks[j][1]))
        i = j + 1
    return spans


def _has_quote(text: str, start: int, end: int) -> bool:
    return any(text.find(q, start, end) >= 0 for q in "\"'“”‘’「」『』")


#: How many blocks without quotes an open quote may run through to find its close.
_MAX_BLOCKS_SKIPPED = 4


#: Costs for choosing quote sides (see ``assign_sides``): going against context
#: evidence, leaving a quote unpaired, and leaving one open at the paragraph end.
#: A short quoted term without punctuation inside (“五好”) earns a small bonus.
_COST_AGAINST_EVIDENCE = 2.0
_COST_UNPAIRED = 3.0
_COST_OPEN_AT_END = 2.0
_BONUS_SHORT_TERM = 1.0
_SHORT_TERM = 12
_PUNCT_INSIDE = regex.compile(r"[，。、；：？！,.;:?!\n]")


def assign_sides(text: str, tokens: list[tuple[int, str | None, str | None]]) -> tuple[dict[int, str], list[int]]:
    """Choose opening/closing for quote marks of one kind in one paragraph.

    ``tokens`` are ``(position, fixed side or None, evidence or None)``.  The
    best assignment (a small dynamic programme over "which quote is open")
    follows the evidence, pairs quotes, and prefers short quoted terms.
    Returns the sides and the positions left unpaired.
    """
    # state: index of the pending opener in tokens, or -1; value: (cost, sides, unpaired)
    states: dict[int, tuple[float, tuple[str, ...], tuple[int, ...]]] = {-1: (0.0, (), ())}
    for t, (pos, fixed, evidence) in enumerate(tokens):
        new: dict[int, tuple[float, tuple[str, ...], tuple[int, ...]]] = {}

        def offer(state: int, cost: float, sides: tuple[str, ...], unpaired: tuple[int, ...]) -> None:
            if state not in new or cost < new[state][0]:
                new[state] = (cost, sides, unpaired)

        for pending, (cost, sides, unpaired) in states.items():
            for side in ("close", "open") if pending >= 0 else ("open", "close"):
                if fixed and side != fixed:
                    continue
                c = cost + (_COST_AGAINST_EVIDENCE if evidence and side != evidence else 0.0)
                if side == "open":
                    lost = (tokens[pending][0],) if pending >= 0 else ()
                    offer(t, c + (_COST_UNPAIRED if lost else 0.0), sides + ("open",), unpaired + lost)
                elif pending >= 0:
                    inside = text[tokens[pending][0] + 1 : pos]
                    if len(inside) <= _SHORT_TERM and not _PUNCT_INSIDE.search(inside):
                        c -= _BONUS_SHORT_TERM
                    offer(-1, c, sides + ("close",), unpaired)
                else:
                    offer(-1, c + _COST_UNPAIRED, sides + ("close",), unpaired + (pos,))
        states = new
    finals = [
        (cost + (_COST_OPEN_AT_END if pending >= 0 else 0.0), sides, unpaired + ((tokens[pending][0],) if pending >= 0 else ()))
        for pending, (cost, sides, unpaired) in states.items()
    ]
    _, sides, unpaired = min(finals, key=lambda f: f[0])
    return {tok[0]: side for tok, side in zip(tokens, sides)}, sorted(unpaired)


def _pairs(positions: list[int], sides: dict[int, str]) -> list[tuple[int, int]]:
    """Opening and closing quotes matched innermost first (``positions`` in text order)."""
    stack: list[int] = []
    pairs = []
    for p in positions:
        if sides[p] == "open":
            stack.append(p)
        elif stack:
            pairs.append((stack.pop(), p))
    return pairs


def _inside(spans: list[tuple[int, int]], pos: int) -> bool:
    return any(s <= pos < e for s, e in spans)


@register
@dataclass(frozen=True)
class Punctuation(Filter):
    """Options: ``full_width`` (False keeps half-width ``, : ; ? ! ( )``);
    ``quotes``: ``curly`` (“” ‘’, GB/T 15834), ``corner`` (「」 『』, for
    Traditional text; existing curly quotes are converted too) or ``keep``."""

    name = "punctuation"
    summary = "normalise half-width punctuation and straight quotes in Chinese text to GB/T 15834"

    full_width: bool = True
    quotes: str = "curly"

    def __post_init__(self) -> None:
        if self.quotes not in QUOTE_CHOICES:
            raise ValueError(f"punctuation: quotes must be one of {', '.join(QUOTE_CHOICES)}, not {self.quotes!r}")

    def apply(self, text: str) -> Step:
        pattern = _CANDIDATES_CORNER if self.quotes == "corner" else _CANDIDATES
        if text.isascii() or not pattern.search(text):
            return Step(text)
        questions = self._question_marks(text) if self.full_width and "?" in text else frozenset()
        edits, notices = self._one_pass(text, 0, questions)
        # A conversion can give a mark the Chinese context it lacked (熱線(xiàn):0735:
        # the ':' follows '）' only once the parenthesis is converted), so paragraphs
        # with edits are looked at again on the converted text until nothing changes.
        for _ in range(_MAX_PASSES):
            if not edits:
                break
            # ... → …… changes the length; project it as ……… so offsets stay those of ``text``
            same_length = [e if len(e.after) == len(e.before) else dataclasses.replace(e, after=e.after[0] * len(e.before)) for e in edits]
            projected = apply_edits(text, same_length).text
            starts = sorted(x.start for x in same_length)
            spans = [(s, e) for s, e in _paragraphs(projected) if bisect.bisect_left(starts, s) < bisect.bisect_left(starts, e)]
            taken = {i for x in edits for i in range(x.start, x.end)}
            new: list[Edit] = []
            renewed: list[Notice] = []
            for s, e in spans:
                more, more_notices = self._one_pass(projected[s:e], s, questions)
                new += [x for x in more if not taken & set(range(x.start, x.end))]
                renewed += more_notices
            seen = {(n.start, n.reason) for n in notices}
            notices += [n for n in renewed if (n.start, n.reason) not in seen]
            if not new:
                break
            edits += [dataclasses.replace(x, before=text[x.start : x.end]) for x in new]
        notices.sort(key=lambda n: n.start)
        return apply_edits(text, edits, notices) if edits or notices else Step(text)

    def _one_pass(self, text: str, offset: int, questions: frozenset[int]) -> tuple[list[Edit], list[Notice]]:
        """Every decision on ``text`` at once; offsets are shifted by ``offset``
        (``questions``, from :meth:`_question_marks`, holds offsets of the whole text)."""
        protected = protected_spans(text)
        edits: list[Edit] = []
        notices: list[Notice] = []
        edits += self._marks(text, protected, notices, {q - offset for q in questions})
        if self.full_width and ("(" in text or ")" in text):
            edits += self._parentheses(text, protected)
        for m in _FULLWIDTH.finditer(text):
            if not _inside(protected, m.start()):
                after = "".join(FULLWIDTH_ALNUM[c] for c in m.group(0))
                edits.append(Edit(m.start(), m.end(), m.group(0), after, self.name, "full-width letters or digits to ASCII"))
        if self.quotes != "keep" and ('"' in text or "'" in text or self.quotes == "corner"):
            q_edits, q_notices = self._quotes(text, protected)
            edits += q_edits
            notices += q_notices
        if offset:
            edits = [dataclasses.replace(e, start=e.start + offset, end=e.end + offset) for e in edits]
            notices = [
                dataclasses.replace(
                    n,
                    start=n.start + offset,
                    end=n.end + offset,
                    details={k: v + offset if k == "opened_at" else v for k, v in n.details.items()},
                )
                for n in notices
            ]
        return edits, notices

    # -- , : ; ? ! ... --

    @staticmethod
    def _question_marks(text: str) -> frozenset[int]:
        """Offsets of the ``?`` glued to a Han character that are question marks, not lost characters.

        ``为什么?为什么?``: the first ``?`` could stand for a character an
        encoding lost.  It is a question mark when its clause asks a question
        (``QUESTION_WORDS``) and no reading of the mojibake filter's damage model
        (:func:`zhclean.phaseslip.judge`) beats the text as it is (the mojibake
        filter reports the others).  A text riddled with such ``?`` (a lossy GBK
        to ASCII file: ``中文?中文?``) has lost characters: none is judged.
        """
        glued = [m.start() + m.group(0).index("?") for m in _MARKS.finditer(text) if "?" in m.group(0) and _HAN.match(text, m.end())]
        glued = [q for q in glued if (clause := _CLAUSE.search(text, max(0, q - 40), q)) and _ASKS.search(clause.group(0))]
        if not glued or len(glued) > _GLUED_QUESTIONS_JUDGED_ANYWAY + len(text) // _CHARS_PER_GLUED_QUESTION:
            return frozenset()
        from ..lang.model import get_model
        from ..phaseslip import is_traditional, judge, punctuation_share, text_budget

        model, traditional, marks, budget = get_model(), is_traditional(text), punctuation_share(text), text_budget(text)
        questions = set()
        for q in glued:
            verdict = judge(text, q, model, traditional=traditional, marks=marks, budget=budget)
            if verdict is None or (not verdict.exhausted and (verdict.best is None or verdict.best.score <= verdict.literal)):
                questions.add(q)
        return frozenset(questions)

    def _marks(self, text: str, protected: list[tuple[int, int]], notices: list[Notice], questions: set[int]) -> list[Edit]:
        edits = []
        held: int | None = None  # a '?' left as a possible lost character, in the sentence being read
        for m in _MARKS.finditer(text):
            mark, start, end = m.group(0), m.start(), m.end()
            if _inside(protected, start) or not _chinese_around(text, start, end):
                continue
            if ends_latin_phrase(text, start, end):
                continue  # How are you? 你好吗: the Latin sentence keeps its own marks
            if mark[0] == ".":
                edits.append(Edit(start, end, mark, ELLIPSIS, self.name, "Chinese ellipsis is …… (GB/T 15834)"))
                continue
            if mark[0] == "-":
                edits.append(Edit(start, end, mark, DASH, self.name, "Chinese dash is —— (GB/T 15834)"))
                continue
            if not self.full_width:
                continue
            before = text[start - 1] if start else ""
            after = text[end] if end < len(text) else ""
            if mark in ",:" and before.isdigit() and after.isdigit():
                continue  # 1,000  10:30  1:50000
            if held is not None:  # looked at once: held moves on to each mark read
                held = None if _SENTENCE_BREAK.search(text, held, start) else start
            if "?" in mark and (_HAN.match(after) or after in _NOT_AFTER_QUESTION) and start + mark.index("?") not in questions:
                # 們?凇, 情愿?!?/p>: a '?' glued to what follows usually stands for bytes lost to mojibake.
                notices.append(
                    Notice(start, end, mark, self.name, "'?' glued to the next character may stand for a character lost to mojibake; left as is")
                )
                held = end
                continue
            if "?" in mark and held is not None:
                # 他是谁?你知道吗?: not ？ here while the '?' before it in the sentence stays
                notices.append(Notice(start, end, mark, self.name, "'?' left half-width like the '?' before it in this sentence"))
                held = end
                continue
            reason = "half-width mark in Chinese text (GB/T 15834)"
            edits += [Edit(start + k, start + k + 1, c, HALF_TO_FULL[c], self.name, reason) for k, c in enumerate(mark)]
        return edits

    # -- ( ) --

    def _parentheses(self, text: str, protected: list[tuple[int, int]]) -> list[Edit]:
        """Pair ``(`` and ``)`` on each line; convert a pair around or next to Chinese text."""
        edits = []
        reason = "half-width parenthesis in Chinese text (GB/T 15834)"
        stack: list[int] = []
        singles: list[int] = []
        line_start = 0

        def flush() -> None:
            for i in [*stack, *singles]:
                if _chinese_around(text, i, i + 1):
                    edits.append(Edit(i, i + 1, text[i], HALF_TO_FULL[text[i]], self.name, reason + "; unpaired", 0.8))
            stack.clear()
            singles.clear()

        for m in _PAREN.finditer(text):
            i, ch = m.start(), m.group(0)
            if text.rfind("\n", line_start, i) >= 0:  # a new line: parentheses pair within a line
                flush()
                line_start = text.rfind("\n", line_start, i) + 1
            if ch == "(":
                stack.append(i)
            elif stack:
                o = stack.pop()
                if self._chinese_pair(text, o, i, line_start):
                    edits.append(Edit(o, o + 1, "(", "（", self.name, reason))
                    edits.append(Edit(i, i + 1, ")", "）", self.name, reason))
            else:
                singles.append(i)
        flush()
        return [e for e in edits if not _inside(protected, e.start)]

    @staticmethod
    def _chinese_pair(text: str, o: int, c: int, line_start: int) -> bool:
        before = text[o - 1] if o > line_start else ""
        if before == "_":
            return False  # 民主黨_(美國): a wiki title or identifier
        if _HAN.search(text, o + 1, c):
            return True
        if before.isascii() and before.isalnum():
            return False  # f(x), print(x): code or maths
        return is_cjk(_neighbour(text, o, -1)) or is_cjk(_neighbour(text, c, +1))

    # -- quotes --

    def _quotes(self, text: str, protected: list[tuple[int, int]]) -> tuple[list[Edit], list[Notice]]:
        edits: list[Edit] = []
        notices: list[Notice] = []
        for start, end in _paragraphs(text):
            e, n = self._quotes_in_block(text, start, end, protected)
            edits += e
            notices += n
        return edits, notices

    def _quotes_in_block(
        self, text: str, start: int, end: int, protected: list[tuple[int, int]]
    ) -> tuple[list[Edit], list[Notice]]:
        """Decide the side of every quote in one paragraph and convert those in Chinese text."""
        if self.quotes == "curly" and text.find('"', start, end) < 0 and text.find("'", start, end) < 0:
            return [], []  # nothing to convert; typographic quotes are left as they are
        tokens: dict[str, list[tuple[int, str | None, str | None]]] = {'"': [], "'": []}
        for i in range(start, end):
            ch = text[i]
            if ch in QUOTE_SIDES:
                kind, fixed = QUOTE_SIDES[ch]
                tokens[kind].append((i, fixed, None))
            elif ch in "\"'" and not self._apostrophe(text, i) and not _inside(protected, i):
                tokens[ch].append((i, None, self._evidence(text, i, start, end)))
        if not any(t for t in tokens.values()):
            return [], []
        sides: dict[int, str] = {}
        unpaired: dict[str, list[int]] = {}
        for kind, toks in tokens.items():
            if toks:
                kind_sides, unpaired[kind] = assign_sides(text, toks)
                sides.update(kind_sides)
        notices = []
        skip: set[int] = set()
        open_doubles = [p for p in unpaired.get('"', []) if sides[p] == "open"]
        for p in unpaired.get("'", []):
            if sides[p] == "close" and text[p] == "'" and any(o < p for o in open_doubles):
                opener = max(o for o in open_doubles if o < p)
                notice = self._notice(text, p, "straight ' seems to close a quote opened with \"; left as is")
                notices.append(dataclasses.replace(notice, details={**notice.details, "opened_at": opener}))
                skip.add(p)
        for p in sorted(q for ps in unpaired.values() for q in ps if q not in skip):
            why = "quote not closed in its paragraph" if sides[p] == "open" else "closing quote without an opening quote in its paragraph"
            notices.append(self._notice(text, p, why))
        notices += self._pairs_across_breaks(text, start, end, sides, unpaired)
        edits = []
        style = QUOTE_STYLES[self.quotes]
        chinese = {p: self._chinese_quote(text, p, side) for p, side in sides.items()}
        # A pair is converted whole or not at all: f"{x}" beside Chinese text must
        # not come out as f"{x}”, nor 他说"hello" at a line end as 他说“hello".
        lone = {q for ps in unpaired.values() for q in ps}
        for kind, toks in tokens.items():
            for a, b in _pairs([t[0] for t in toks if t[0] not in lone], sides):
                chinese[a] = chinese[b] = chinese[a] and chinese[b]
        for p, side in sorted(sides.items()):
            ch = text[p]
            kind = QUOTE_SIDES[ch][0] if ch in QUOTE_SIDES else ch
            new = style[kind][0 if side == "open" else 1]
            if ch not in "\"'" and not (self.quotes == "corner" and ch in "“”‘’"):
                continue  # a typographic quote is only restyled from curly to corner
            if p in skip or new == ch or not chinese[p]:
                continue
            edits.append(Edit(p, p + 1, ch, new, self.name, f"{side} quote in Chinese text (GB/T 15834)"))
        return edits, notices

    def _pairs_across_breaks(
        self, text: str, start: int, end: int, sides: dict[int, str], unpaired: dict[str, list[int]]
    ) -> list[Notice]:
        """Say so where a quote is closed only after a blank line (see :func:`_paragraphs`).

        The pair is right for the text as printed, but if the blocks stay
        apart in the output, each is a paragraph with one unmatched quote.
        """
        lone = {p for ps in unpaired.values() for p in ps}
        paired = sorted(p for p in sides if p not in lone)
        openers: set[int] = set()
        closers: set[int] = set()
        for brk in _BLOCK_BREAK.finditer(text, start, end):
            before = [p for p in paired if p < brk.start()]
            if sum(1 if sides[p] == "open" else -1 for p in before) > 0:
                openers.add(max(p for p in before if sides[p] == "open"))
                closers.update(p for p in paired[len(before) :][:1] if sides[p] == "close")
        return [
            self._notice(text, p, "quote closed only after a paragraph break (a column split the paragraph); paired across it")
            for p in sorted(openers)
        ] + [
            self._notice(text, p, "quote opened before a paragraph break (a column split the paragraph); paired across it")
            for p in sorted(closers)
        ]

    @staticmethod
    def _chinese_quote(text: str, p: int, side: str) -> bool:
        """A quote is in Chinese text when the text it encloses or sits next to is Chinese."""
        inner = _neighbour(text, p, +1 if side == "open" else -1)
        return is_cjk(inner) or _chinese_around(text, p, p + 1)

    @staticmethod
    def _apostrophe(text: str, i: int) -> bool:
        """``don't``, ``students'``, ``5'``, ``'32``: an apostrophe or prime, not a quote."""
        if text[i] != "'":
            return False
        before = text[i - 1] if i else ""
        after = text[i + 1] if i + 1 < len(text) else ""
        if after[:1].isdigit() and text[i + 2 : i + 3].isdigit() and not text[i + 3 : i + 4].isdigit():
            return True  # '32: a year
        return (before.isascii() and before.isalnum()) and (not after or after.isascii())

    @staticmethod
    def _evidence(text: str, i: int, start: int, end: int) -> str | None:
        """What the neighbours say: after ：，or a line start a quote opens; before 。，
        or a line end, after 。！？, or right before another quote it closes."""
        before = text[i - 1] if i > start else "\n"
        after = text[i + 1] if i + 1 < end else "\n"
        q = text[i]
        opens = before == "\n" or before in OPENS_AFTER or before == q
        closes = after == "\n" or after in CLOSES_BEFORE or after == q or before in SENTENCE_END or before in "!?"
        if opens == closes:
            return None
        return "open" if opens else "close"

    def _notice(self, text: str, i: int, reason: str) -> Notice:
        return Notice(i, i + 1, text[i], self.name, reason, {"context": text[max(0, i - 12) : i + 12]})

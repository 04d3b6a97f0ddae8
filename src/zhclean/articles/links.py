"""Score "fragment j continues fragment i" for every candidate pair.

A link score is a sum of log-odds-like terms, each from one kind of evidence:

* **language model** - the gain in log-probability when i's last characters
  and j's first characters are read as one string (``服`` + ``务好`` makes the
  word ``服务``), from :func:`zhclean.lang.model.get_model`;
* **sentence ends** - a fragment that ends a sentence is followed by one that
  can start one; a fragment starting with ``，`` or ``、`` continues something;
* **column width** - a full column line is followed by a line of the same
  width, in printed em or in characters (either may match); a short line
  ends a paragraph;
* **page terms** - a name the dictionary lacks (``河长``, ``涛圩``, a person's
  name) recurs on its page: a character pair that spans the join and that
  other lines of the page use as well is read as a word across it;
* **file order** - extraction keeps most of the order, so the next fragment in
  the file gets a prior: strongest for the next segment of the same line and
  the next line of a block, weakest across a blank line on a page whose blank
  lines separate blocks.

Scoring every pair with the language model would cost ~40 µs a pair, so the
candidates for each fragment are a window of file order plus the fragments
that complete a word begun at its end (:meth:`LinkScorer.candidates`), ranked
with the cheap terms; only the best ``shortlist`` are scored in full.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

import regex

from ..lang.model import get_model, to_simplified
from .fragments import Fragment
from .measure import display_width, ends_sentence
from .topic import frequent_char

# Characters that cannot begin a sentence or paragraph: a fragment starting
# with one is the continuation of something.
_CONTINUATION_START = frozenset("，、。；：？！,;:?!）)》」』”%％")

# Weights.  Set by hand to keep each term on a log-odds scale, then checked on
# synthetic interleavings (scripts/eval_articles.py).
_LM_WEIGHT = 0.55
_LM_CAP = 14.0
# What a digit or Latin run continuing across the join is worth (as much as a strong word).
_TOKEN_GAIN = 4.0
_ALNUM = regex.compile(r"[0-9A-Za-z０-９Ａ-Ｚａ-ｚ]")
_SPAN_BONUS = 2.0  # a dictionary word spans the join (cheap pre-check)
_INLINE_NEXT = 4.5  # j is the next segment of i's line
_FILE_NEXT = 3.0  # j is the next fragment in the file (next line)
_WINDOW_BACK = 24  # fragments: how far back a continuation is looked for by file order
_WINDOW_AHEAD = 96  # …and how far ahead
_TIGHT_NEXT = 5.5  # j's line follows i's line with no blank line between
_BLOCK_NEXT = 0.5  # j is next in the file, across a blank line, where blank lines separate blocks
_SKIP_ONE = 1.5  # j is two segments on in the same line (two merged columns)
_DISTANCE = 0.45  # per log-step of distance in fragments
_BACKWARDS = 0.6  # j comes before i in the file
_SAME_WIDTH = 1.2
_WIDTH_SLOPE = 0.9
_WIDTH_CAP = 3.5
_TOLERANCE = 0.75  # em: justified lines of one column differ by less
_BAD_START = 5.0  # i ended a sentence but j starts with ``，``
_OPEN_TO_PARA = 0.8  # i is mid-sentence, j looks like a paragraph start
_PARA_AFTER_END = 1.0  # i ended its paragraph, j starts one
# A pair of Han characters spanning the join that this many other fragments of
# the page hold (and that is no dictionary word, nor made with one of the
# commonest characters) counts as a word across the join worth this much.
_PAGE_TERM_FRAGMENTS = 3
_PAGE_TERM_GAIN = 4.0
_HAN_PAIR = regex.compile(r"^\p{Han}{2}$")
# Costs of reading on into a line tagged as a heading: a true headline starts
# an article and has no predecessor; a subhead follows a paragraph end.  A
# column line mistagged as a heading still gets linked when a word spans the
# join or the widths match.
_INTO_HEADING = {"headline": 4.0, "subhead": 1.0}
_AFTER_HEADING = 1.0  # a heading is followed by a paragraph start


@dataclass
class _Side:
    """Per-fragment facts used by the scorer, computed once."""

    head: str
    tail: str
    lp_head: float
    lp_tail: float
    complete: bool
    cont_start: bool
    width: float
    column: float
    width_n: float
    column_n: float
    para_start: bool
    para_end: bool
    heading: str


def char_count(text: str) -> float:
    return float(sum(1 for ch in text if not ch.isspace()))


def column_widths(frags: list[Fragment], nodes: list[int], measure=display_width) -> dict[int, float]:
    """Each fragment's column width in em.

    Segments of one input line were printed in one column, so their common
    width is the column's (the median, leaving out the paragraph's short last
    segment).  A line printed on its own is its own estimate, except a short
    line that ends a paragraph: it takes the column of the full line before
    it in the file, which is almost always in the same column block.
    """
    by_line: dict[int, list[float]] = {}
    for n in nodes:
        by_line.setdefault(frags[n].line, []).append(measure(frags[n].text))
    out: dict[int, float] = {}
    prev: int | None = None
    for n in nodes:
        f = frags[n]
        ws = by_line[f.line]
        full = sorted(ws[:-1] if len(ws) > 1 else ws)
        col = full[len(full) // 2]
        if len(ws) == 1 and prev is not None and ends_sentence(f.text) and not ends_sentence(frags[prev].text):
            if len(by_line[frags[prev].line]) == 1 and col <= out[prev] + _TOLERANCE:
                col = out[prev]
        out[n] = col
        prev = n
    return out


def width_match(column: float, next_column: float, next_width: float, next_complete: bool) -> float:
    """Evidence that a line of ``next_column`` (``next_width`` wide) continues a full line of ``column``.

    The last line of a paragraph is shorter than its column, so a short line
    that ends a sentence only must not be wider than the column.
    """
    if next_complete and next_width <= column + _TOLERANCE:
        return 0.0 if next_width < column - _TOLERANCE else _SAME_WIDTH
    diff = abs(column - next_column)
    if diff <= _TOLERANCE:
        return _SAME_WIDTH
    return -min(_WIDTH_CAP, _WIDTH_SLOPE * diff)


def _blocks(frags: list[Fragment]) -> dict[int, int]:
    """Block number of each fragment: lines with no blank line between share a block."""
    out: dict[int, int] = {}
    block, last_line = 0, None
    for f in frags:
        if last_line is not None and f.line > last_line + 1:
            block += 1
        out[f.index] = block
        last_line = f.line
    return out


def _blank_lines_separate_blocks(frags: list[Fragment]) -> bool:
    lines = sorted({f.line for f in frags})
    if len(lines) < 4:
        return False
    tight = sum(1 for a, b in zip(lines, lines[1:]) if b == a + 1)
    return tight >= 0.5 * (len(lines) - 1)


class LinkScorer:
    """Scores candidate successor links among body fragments."""

    def __init__(
        self,
        frags: list[Fragment],
        nodes: list[int],
        order: dict[int, int],
        context: int = 4,
    ):
        self.frags = frags
        self.nodes = nodes
        #: Text block of each fragment (a run of lines with no blank line between).
        self.block = _blocks(frags)
        #: Position of each scored fragment in file order.  A caption between
        #: two body lines does not count; a headline or byline counts as a gap,
        #: so that no file-order prior carries a chain across it.
        self.order = order
        #: True when lines usually follow each other without a blank line, so
        #: that a blank line marks a block boundary (where extraction may have
        #: jumped) rather than the page's normal line spacing.
        self.blocks_separated = _blank_lines_separate_blocks(frags)
        self.model = get_model()
        self.context = context
        # Widths are measured twice: in printed em (a typeset page) and in
        # characters (text wrapped at a character count); either may match.
        cols = column_widths(frags, nodes)
        cols_n = column_widths(frags, nodes, char_count)
        self.page_terms = _page_terms(frags, nodes)
        self.sides: dict[int, _Side] = {}
        for n in nodes:
            f, col = frags[n], cols[n]
            t = to_simplified(f.text)
            head, tail = t[:context], t[-context:]
            w = display_width(f.text)
            complete = ends_sentence(t)
            self.sides[n] = _Side(
                    head=head,
                    tail=tail,
                    lp_head=self.model.logprob(head, simplify=False),
                    lp_tail=self.model.logprob(tail, simplify=False),
                    complete=complete,
                    cont_start=t[0] in _CONTINUATION_START,
                    width=w,
                    column=col,
                    width_n=char_count(f.text),
                    column_n=cols_n[n],
                    para_start=f.first_in_line and f.nsegs >= 3,
                    para_end=complete and (f.last_in_line or w < col - 1.0),
                    heading=f.role if f.role in _INTO_HEADING else "",
                )

    # -- cheap terms -------------------------------------------------------
    def prior(self, i: int, j: int) -> float:
        fi, fj = self.frags[i], self.frags[j]
        d = self.order[j] - self.order[i]
        if d == 1:
            if fi.line == fj.line:
                return _INLINE_NEXT
            if fj.line == fi.line + 1:
                return _TIGHT_NEXT
            return _FILE_NEXT if not self.blocks_separated else _BLOCK_NEXT
        if d == 2 and fi.line == fj.line:
            return _SKIP_ONE
        score = -_DISTANCE * math.log(abs(d))
        return score - _BACKWARDS if d < 0 else score

    def layout(self, i: int, j: int) -> float:
        return self.sentence(i, j) + self.width(i, j)

    def sentence(self, i: int, j: int) -> float:
        """Sentence and paragraph ends, headings."""
        a, b = self.sides[i], self.sides[j]
        score = 0.0
        if b.heading:
            score -= _INTO_HEADING[b.heading]
            if a.complete:
                score += _PARA_AFTER_END
        if a.heading:
            return score + (_AFTER_HEADING if b.para_start or not b.cont_start else -_BAD_START)
        if a.complete:
            if b.cont_start:
                score -= _BAD_START
            if a.para_end and b.para_start:
                score += _PARA_AFTER_END
        elif b.para_start and not self.frags[i].last_in_line:
            score -= _OPEN_TO_PARA
        return score

    def width(self, i: int, j: int) -> float:
        """A full column line (i runs on) is followed by a line of the same column."""
        a, b = self.sides[i], self.sides[j]
        if a.heading or b.heading:
            return 0.0
        if a.complete:
            # After a paragraph end the next paragraph is set in the same column.
            if b.complete or (a.width > a.column + _TOLERANCE and a.width_n > a.column_n + _TOLERANCE):
                return 0.0
            return max(width_match(a.column, b.column, b.width, False), width_match(a.column_n, b.column_n, b.width_n, False))
        return max(
            width_match(a.column, b.column, b.width, b.complete),
            width_match(a.column_n, b.column_n, b.width_n, b.complete),
        )

    def spans_word(self, i: int, j: int) -> bool:
        """Cheap check: some dictionary word runs across the join."""
        tail, head = self.sides[i].tail, self.sides[j].head
        freq = self.model.freq
        for k in range(1, min(3, len(tail)) + 1):
            left = tail[-k:]
            for m in range(1, min(3, len(head)) + 1):
                if left + head[:m] in freq:
                    return True
        return False

    def cheap(self, i: int, j: int) -> float:
        score = self.prior(i, j) + self.layout(i, j)
        if not self.sides[i].complete and self.spans_word(i, j):
            score += _SPAN_BONUS
        return score

    # -- full score --------------------------------------------------------
    def lm_gain(self, i: int, j: int) -> float:
        a, b = self.sides[i], self.sides[j]
        if a.complete:
            return 0.0
        if _ALNUM.match(a.tail[-1:]) and _ALNUM.match(b.head[:1]):
            # A number or Latin word broken by the line wrap (``全县3`` / ``8个``):
            # the dictionary has no entry for it, but Chinese text never puts
            # two such runs side by side with nothing between them.
            return _TOKEN_GAIN
        joined = self.model.logprob(a.tail + b.head, simplify=False)
        gain = max(0.0, min(_LM_CAP, joined - a.lp_tail - b.lp_head))
        if gain < _PAGE_TERM_GAIN and a.tail[-1:] + b.head[:1] in self.page_terms:
            return _PAGE_TERM_GAIN
        return gain

    def score(self, i: int, j: int) -> float:
        return self.prior(i, j) + self.layout(i, j) + _LM_WEIGHT * self.lm_gain(i, j)

    def candidates(self, shortlist: int = 8) -> list[tuple[float, int, int]]:
        """(score, i, j) for each node's best ``shortlist`` successors by the cheap terms.

        Candidates for j are the fragments within a window of file order
        (``_WINDOW_BACK`` before i to ``_WINDOW_AHEAD`` after it: extraction
        misplaces text locally) plus, anywhere in the file, those whose start
        completes a dictionary word begun at i's end (found through an index
        of first characters, not by trying every pair).  So the cheap pass is
        O(n·window), and the model scores O(n·shortlist) pairs.  The next
        fragment in the file is always kept, so the model can only improve on
        file order, never lose it for want of a candidate.
        """
        out: list[tuple[float, int, int]] = []
        nodes = self.nodes
        by_first: dict[str, list[int]] = {}
        for n in nodes:
            head = self.sides[n].head
            if head:
                by_first.setdefault(head[0], []).append(n)
        prefixes = word_prefixes()
        for k, i in enumerate(nodes):
            pool = set(nodes[max(0, k - _WINDOW_BACK) : k + _WINDOW_AHEAD + 1])
            tail = self.sides[i].tail
            if not self.sides[i].complete:
                for m in range(1, min(3, len(tail)) + 1):
                    left = tail[-m:]
                    for ch, js in by_first.items():
                        if left + ch in prefixes:
                            pool.update(js)
            pool.discard(i)
            ranked = sorted(((self.cheap(i, j), j) for j in pool), reverse=True)
            chosen = {j for _, j in ranked[:shortlist]}
            if k + 1 < len(nodes):
                chosen.add(nodes[k + 1])
            for j in chosen:
                out.append((self.score(i, j), i, j))
        return out


def _page_terms(frags: list[Fragment], nodes: list[int]) -> frozenset[str]:
    """Character pairs, no dictionary words, that at least ``_PAGE_TERM_FRAGMENTS`` fragments hold: the page's own names."""
    model = get_model()
    seen: Counter[str] = Counter()
    for n in nodes:
        t = to_simplified(frags[n].text)
        seen.update({t[k : k + 2] for k in range(len(t) - 1)})
    return frozenset(
        g
        for g, c in seen.items()
        if c >= _PAGE_TERM_FRAGMENTS and _HAN_PAIR.match(g) and model.word_logp(g) is None and not any(frequent_char(ch) for ch in g)
    )


@lru_cache(maxsize=1)
def word_prefixes() -> frozenset[str]:
    """Every dictionary word of two to six characters and its prefixes of two or more characters.

    ``left + c in word_prefixes()`` says a word can run from ``left`` into a
    fragment starting with ``c``.
    """
    out = set()
    for word in get_model().freq:
        if 2 <= len(word) <= 6:
            for end in range(2, len(word) + 1):
                out.add(word[:end])
    return frozenset(out)

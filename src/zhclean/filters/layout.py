"""Rejoin paragraphs that column wraps, photos and page breaks cut, and set captions apart.

Three kinds of damage are undone here:

* **Column wraps.**  Text extracted from a narrow column comes as lines of
  one width (``column_width``).  A line that fills the column continues on
  the next one, so the two are joined: nothing between Chinese characters,
  one space between Latin words, and a line-end hyphen is dropped when the
  word continues in lower case (``inter-`` + ``national`` → ``international``).
* **Cut paragraphs.**  A photo caption, a credit or a page break dropped into
  the middle of a paragraph leaves a piece that stops mid-sentence
  (``…签订了征`` / ``西河风光带`` / ``拆协议。``).  A body paragraph that does
  not end a sentence is joined to the next body paragraph when a caption or
  credit sits between them or when the sentence visibly runs on (see
  ``Layout._continues``: a summary line or a subhead without a full stop is
  not a cut), and the caption is set after the rejoined paragraph.  A short
  opening piece that reads like a caption is rejoined when the text after
  the credit finishes its word.  On a scrambled multi-column page, where
  most pieces stop mid-sentence, a join needs the language model to see a
  word running across it, a strong one between different columns.
* **Set-apart lines.**  Captions and credits are marked with
  ``caption_prefix``; boilerplate is reported as a notice and dropped only
  with ``drop_boilerplate=True``.

Nothing is ever joined across a headline, kicker, subhead or byline, and no
paragraph that ends a sentence is joined to the next.  When nothing needs
rejoining or marking the text is returned unchanged.  When something does,
paragraphs are written one per line; a text whose paragraphs are separated
by blank lines gets exactly one blank line between paragraphs, while a text
with one paragraph per line (the corpora's form) keeps its single line
breaks, so a diff shows only the repair and a second run sees what the first
left.  ``tidy.paragraph_gap="blank"`` sets every paragraph off by a blank
line when that layout is wanted.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import regex

from .. import layout as L
from ..lang import patterns as P
from ..lang.model import get_model
from ..pipeline import Edit, Filter, Notice, Step, apply_edits, register, settle

_BLANK_CHARS = " \t\u3000\u00a0"
_WORD_ACROSS = L.WORD_ACROSS
# join_gain of a word across a join between two different columns: an
# idiom or a long word cut in two (``观众们争`` / ``先恐后``), not a chance
# two-character word (``彰显更`` / ``为推动`` reads ``更为`` at 2.4).
_STRONG_WORD = 6.0
# A text with this many paragraphs of several sentences that stop in the
# middle of one, a paragraph following, was cut by its layout (seeds 000 and
# 003 have 3 and 5); of 400 clean articles none has more than 1.
_CUT_DOC = 3
# join_gain that ties a short opening piece, over a caption or credit, to
# the body text after them (``那段时间，谢兰先`` / ``后组织召开`` is 5.3).
_HEAD_WORD = 4.0
# The first sentence of a paragraph is longer than this; a piece this short
# before a full stop (``值守。``) is the end of a sentence cut before it.
_TAIL = 3
_FIRST_SENTENCE = regex.compile(r"([^。！？!?，,、；;：:“”\"]+)[。！？!?]")
# Lines that cut a paragraph: captions, credits, page furniture, footers.
_CUTTING = (L.CAPTION, L.CREDIT, L.FURNITURE, L.EDITOR_FOOTER)
# A heading may end on these; a piece of a cut sentence would not be taken for one.
_HEADING_ENDS = frozenset("：:）)》”\"")
# A piece this short that ends the sentence in one clause (``说。``,
# ``掠过葱郁的绿植。``) is the tail of the sentence before it; a paragraph
# of its own is longer or has clauses (``风起南海，潮涌珠江。``).
_SHORT_TAIL = 16
_CLAUSE = regex.compile(r"[，、；：,;:]")
# Quotation marks and brackets a paragraph never leaves open.
_PAIRS = (("“", "”"), ("（", "）"), ("《", "》"), ("「", "」"))
# Marks a paragraph never ends on: the sentence runs on past a break after them.
_CLAUSE_ENDS = frozenset("，、,")
# Lines of one narrow column differ by at most this many characters.
_SAME_WIDTH = 3
# Any length above the title limit: judge a short piece by its ending alone.
_LONG = 10**6
_LATIN = regex.compile(r"[A-Za-z0-9]")
_LETTERS = regex.compile(r"[A-Za-z]")
_NON_ASCII_TEXT = regex.compile(r"[^\x00-\x7f\s]")
_BULLET = regex.compile(r"\s*(?:[-*•]|\d+[.)])\s")
# Wider lines than this are paragraphs, not a column of Latin text.
_MAX_LATIN_COLUMN = 100
# A column narrower than this is a list of short lines (names, verse), not wrapped prose.
_MIN_LATIN_COLUMN = 20
# A wrapped line fills most of its column; a short line ended where its author ended it.
_LATIN_FILL = 0.6
# Lines around a paragraph that stops mid-sentence looked at before the whole text is.
_WINDOW_BEFORE, _WINDOW_AFTER = 8, 16
# Passes over the text before settling (a second is rarely needed).
_MAX_ROUNDS = 3
# Marks a gap between paragraphs that keeps whatever line breaks it had.
_KEEP = "\x00keep"
_BLANK_LINE = regex.compile(r"\n[ \t\u3000\u00a0]*\n")
_LOWER = regex.compile(r"[a-z]")
_CJK_OR_PUNCT = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}\u3000-\u303f\uff00-\uffef“”‘’…—·]")


@dataclass
class _Unit:
    """One logical line: input spans (joined with ``joiners``) and its tag."""

    spans: list[tuple[int, int]]
    joiners: list[str] = field(default_factory=list)
    tag: L.LineTag | None = None
    block: int = 0  # index of the blank-line-separated block it starts in

    @property
    def start(self) -> int:
        return self.spans[0][0]

    @property
    def end(self) -> int:
        return self.spans[-1][1]

    def text(self, source: str) -> str:
        parts = [source[self.spans[0][0] : self.spans[0][1]]]
        for joiner, (s, e) in zip(self.joiners, self.spans[1:]):
            parts.append(joiner)
            parts.append(source[s:e])
        return "".join(parts)


@dataclass
class _Group:
    """A paragraph (units joined across cuts) and the captions or credits that cut it."""

    para: list[int]
    asides: list[int] = field(default_factory=list)
    asides_seen: int = 0  # asides before the last join: later ones sit in the next cut
    length: int = 0
    marked: bool = False
    head: bool = False  # a short opening piece a caption or credit cut from its paragraph


def joiner(left: str, right: str) -> str | None:
    """What goes between two pieces of one paragraph; ``None`` to drop left's final hyphen.

    Nothing between CJK characters or punctuation; one space between Latin
    words; a hyphen at the end of ``left`` is removed (``None``) when the word
    continues in lower case on the right.
    """
    if not left or not right:
        return ""
    a, b = left[-1], right[0]
    if a == "-" and len(left) >= 2 and left[-2].isalpha() and left[-2].isascii() and _LOWER.match(b):
        return None
    if a.isdigit() and b.isdigit():
        return ""  # a number split by the wrap
    if _LATIN.match(a) and _LATIN.match(b):
        # words of a Latin text wrap at spaces; Chinese text wraps anywhere
        return "" if _mostly_cjk(left[-40:]) else " "
    if a in ",.;:!?" and regex.match(r"[A-Za-z]", b) and not _CJK_OR_PUNCT.match(left[-2:-1] or "x"):
        return " "
    return ""


def _continues_words(text: str) -> bool:
    """Does ``text`` open with a word that never opens a paragraph (``及``, ``的``)?"""
    words = get_model().segment(text[:8])
    return bool(words) and words[0] in P.CONTINUATION_WORDS


def _open_ended(text: str) -> bool:
    """Does ``text`` end on a word that never closes a paragraph (``…把他与``)?"""
    words = get_model().segment(text[-8:])
    return bool(words) and words[-1] in P.OPEN_ENDED_WORDS


def _open_quote(text: str) -> bool:
    """Does ``text`` leave a quotation or bracket open (``“建立速裁团队，…快慢分``)?"""
    return any(text.count(o) > text.count(c) for o, c in _PAIRS)


def _latin_only(text: str) -> bool:
    """No character but ASCII and whitespace (a trailing U+3000 must not change the verdict)."""
    return _NON_ASCII_TEXT.search(text) is None


def _mostly_cjk(text: str) -> bool:
    cjk = len(_CJK_OR_PUNCT.findall(text))
    return cjk > len(text) - cjk


def _latin_word_wraps(lines: list[str]) -> set[int]:
    """Lines of Latin prose that a word wrap broke: the next line's first word did not fit.

    Latin text is wrapped at spaces, so its lines are ragged; a line was broken
    when one more word would have run past the longest line of its block.
    Only blocks of short lines (at most ``_MAX_LATIN_COLUMN``) count: a text
    with one long paragraph per line is not wrapped.
    """
    found: set[int] = set()
    start = 0
    for end in range(len(lines) + 1):
        if end < len(lines) and lines[end].strip():
            continue
        block = list(range(start, end))
        start = end + 1
        if len(block) < 2:
            continue
        texts = [lines[i].rstrip() for i in block]
        joined = "".join(texts)
        if len(_LETTERS.findall(joined)) < 0.6 * len(joined):
            continue
        column = max(len(t) for t in texts)
        if not _MIN_LATIN_COLUMN <= column <= _MAX_LATIN_COLUMN:
            continue
        broken = []
        for i, t, nxt in zip(block, texts, texts[1:]):
            word = nxt.split(" ", 1)[0]
            filled = len(t) >= _LATIN_FILL * column
            if word and filled and not _BULLET.match(nxt) and len(t) + 1 + len(word) > column:
                broken.append(i)
        # a wrap falls anywhere, so some break is inside a sentence; lines that
        # each end a sentence are one sentence or question per line (a FAQ)
        if any(not L.ends_sentence(lines[i]) for i in broken):
            found.update(broken)
    return found


def _single_edit(before: str, after: str, notices: list[Notice], name: str) -> Step:
    """One edit from the first to the last character that differ (rarely needed)."""
    head = 0
    limit = min(len(before), len(after))
    while head < limit and before[head] == after[head]:
        head += 1
    tail = 0
    while tail < limit - head and before[len(before) - 1 - tail] == after[len(after) - 1 - tail]:
        tail += 1
    edit = Edit(head, len(before) - tail, before[head : len(before) - tail], after[head : len(after) - tail], name,
                "rejoin paragraphs and set captions apart", 0.8)
    return apply_edits(before, [edit], notices)


def _blank_separated(text: str, units: list[_Unit]) -> bool:
    """Are paragraphs mostly separated by blank lines (rather than one per line)?"""
    gaps = [text[a.end : b.start] for a, b in zip(units, units[1:])]
    return sum(1 for g in gaps if g.count("\n") >= 2) >= sum(1 for g in gaps if g.count("\n") == 1)


def _line_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    pos = 0
    for line in text.split("\n"):
        spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return spans


def _indented(line: str) -> bool:
    return line[:1] in ("\u3000",) or line.startswith("  ")


@register
@dataclass(frozen=True)
class Layout(Filter):
    """Rejoin wrapped and cut paragraphs; mark captions; report boilerplate."""

    name = "layout"
    summary = "rejoin wrapped lines and cut paragraphs, set captions, credits and bylines apart"

    #: Written before every caption and credit line (empty string: no mark).
    caption_prefix: str = "[图] "
    #: Remove site boilerplate (breadcrumbs, review credits, hotline and ICP lines).
    drop_boilerplate: bool = False

    def apply(self, text: str) -> Step:
        step = self._apply_once(text)
        if not step.edits:
            return step
        # Rejoining changes the neighbours a line is judged by, so a second
        # look can find more; repeat until stable so that fix(fix(x)) == fix(x).
        final = settle(step, self._apply_once, _MAX_ROUNDS - 1)
        if final is step:
            return step
        return _single_edit(text, final.text, step.notices, self.name)

    def _apply_once(self, text: str) -> Step:
        if "\n" not in text:
            return Step(text)
        lines = text.split("\n")
        width = L.column_width(lines)
        latin = _latin_only(text)
        if width is None and not _BLANK_LINE.search(text) and not latin:
            # One paragraph per line and no column: nothing can be rejoined
            # (a cut shows as a blank line or a column), so only report boilerplate.
            return self._boilerplate_only(text, lines)
        if width is None and not self.drop_boilerplate and not latin and not self._worth_a_look(lines):
            return self._boilerplate_only(text, lines)
        return self._apply_full(text, lines, width)

    def _apply_full(self, text: str, lines: list[str] | None = None, width: int | None = None) -> Step:
        """Classify every logical line and rejoin what was cut or wrapped."""
        if lines is None:
            lines = text.split("\n")
            width = L.column_width(lines)
        spans = _line_spans(text)
        strong = [L.pattern_tag(line) if line.strip(_BLANK_CHARS) else None for line in lines]
        units = self._units(text, lines, spans, strong, width)
        if not units:
            return Step(text)
        unit_texts = [u.text(text) for u in units]
        # classify units with one empty line between blocks, so neighbours are right
        feed: list[str] = []
        index: list[int] = []
        for k, u in enumerate(units):
            if k and u.block != units[k - 1].block:
                feed.append("")
            index.append(len(feed))
            feed.append(unit_texts[k])
        tags = L.classify_lines(feed)
        for k, u in enumerate(units):
            u.tag = tags[index[k]]
        if _blank_separated(text, units):
            units, unit_texts = self._split_trailing_credits(text, units, unit_texts)
        return self._assemble(text, units, unit_texts)

    def _worth_a_look(self, lines: list[str]) -> bool:
        """Could any paragraph of this unwrapped text be rejoined?

        Only a paragraph that stops mid-sentence can be, so the whole text is
        analysed only when one of the few windows around such a paragraph
        shows a join: clean text (whose paragraphs end) stays on a fast path.
        A window is looked at only where a join is possible at all: a short
        line (a caption) follows, or the sentence visibly runs on into the
        next paragraph (see :meth:`_continues`).
        """
        for i, line in enumerate(lines):
            s = line.strip(_BLANK_CHARS)
            if not s:
                continue
            j = i + 1
            while j < len(lines) and not lines[j].strip(_BLANK_CHARS):
                j += 1
            if j == len(lines):
                continue
            nxt = lines[j].strip(_BLANK_CHARS)
            if not L.is_cut(line):
                # an opening piece over a credit: ``在加`` / ``（新华社记者 武正摄）`` / ``强隐私保护…``
                if not (len(s) <= L.MAX_HEADING and not L.ends_sentence(s) and self._aside_pattern(nxt)):
                    continue
            elif j == i + 1 and not any(self._aside_pattern(x) for x in lines[j : j + 2]):
                continue  # with no blank line, only a caption over a credit can cut
            elif _indented(line) and _indented(lines[j]):
                continue  # the next line opens an indented paragraph of its own
            elif len(nxt) > L.MAX_HEADING and not self._may_run_on(s, nxt):
                continue  # a whole paragraph follows and nothing says the sentence runs on
            window = "\n".join(lines[max(0, i - _WINDOW_BEFORE) : i + _WINDOW_AFTER])
            if any(e.reason.startswith("rejoin") for e in self._apply_full(window).edits):
                return True
        return False

    @staticmethod
    def _may_run_on(left: str, right: str) -> bool:
        """A cheap look at whether ``left`` runs on into ``right`` with nothing between.

        A superset of what :meth:`_continues` accepts, minus a text cut
        throughout (which shows here as its paragraphs of several sentences).
        """
        return (
            left[-1] in _CLAUSE_ENDS
            or _open_quote(left)
            or _open_ended(left)
            or L.stops_inside(left)
            or _continues_words(right)
            or get_model().join_gain(left, right) >= min(_WORD_ACROSS, _HEAD_WORD)
        )

    @staticmethod
    def _aside_pattern(line: str) -> bool:
        if len(line.strip(_BLANK_CHARS)) > L.MAX_HEADING:
            return False
        tag = L.pattern_tag(line)
        return tag is not None and tag.label in L.ASIDE_LABELS

    def _boilerplate_only(self, text: str, lines: list[str]) -> Step:
        notices: list[Notice] = []
        edits: list[Edit] = []
        pos = 0
        for line in lines:
            if L.is_boilerplate(line):
                why = "site boilerplate" + (" (dropped)" if self.drop_boilerplate else "")
                notices.append(Notice(pos, pos + len(line), line, self.name, why, {"label": L.BOILERPLATE}))
                if self.drop_boilerplate:
                    end = min(len(text), pos + len(line) + 1)
                    edits.append(Edit(pos, end, text[pos:end], "", self.name, "drop site boilerplate", 0.9))
            pos += len(line) + 1
        if edits:
            return apply_edits(text, edits, notices)
        return Step(text, [], notices)

    # --- building logical lines -------------------------------------------------

    def _units(self, text, lines, spans, strong, width) -> list[_Unit]:
        """Group lines into logical lines, joining column wraps inside a block."""
        units: list[_Unit] = []
        block = 0
        prev_blank = True
        word_wraps = _latin_word_wraps(lines) if width is None else set()
        slack = L.column_slack(lines, width) if width is not None else 0
        for i, line in enumerate(lines):
            if not line.strip(_BLANK_CHARS):
                if not prev_blank:
                    block += 1
                prev_blank = True
                continue
            wrapped = width is not None and self._wraps(lines[i - 1], line, strong[i - 1], strong[i], width, slack)
            if not prev_blank and units and (wrapped or (i - 1) in word_wraps):
                u = units[-1]
                prev = text[u.spans[-1][0] : u.spans[-1][1]]
                j = joiner(prev.rstrip(_BLANK_CHARS), line.lstrip(_BLANK_CHARS))
                s, e = u.spans[-1]
                # trailing blanks of the previous piece and leading blanks of this one go
                e = s + len(prev.rstrip(_BLANK_CHARS))
                if j is None:  # drop the line-end hyphen
                    e -= 1
                    j = ""
                u.spans[-1] = (s, e)
                ls, le = spans[i]
                u.spans.append((ls + len(line) - len(line.lstrip(_BLANK_CHARS)), le))
                u.joiners.append(j)
            else:
                units.append(_Unit([spans[i]], block=block))
            prev_blank = False
        return units

    @staticmethod
    def _wraps(line: str, nxt: str, tag: L.LineTag | None, next_tag: L.LineTag | None, width: int, slack: int) -> bool:
        """Does ``line`` fill the column and continue on ``nxt``?

        An ellipsis inside the line counts three columns: the punctuation
        filter, which runs first, wrote ``……`` for the ``...`` the column was
        wrapped with.  One that ends the line may end the paragraph.
        """
        stripped = line.rstrip(" \t")
        length = len(stripped)
        if not (stripped.endswith("……") or L.ends_sentence(stripped)):
            length += stripped.count("……")
        if length < width - slack or _indented(nxt):
            return False
        if next_tag is not None and next_tag.label == L.DATELINE:
            return False
        # A full line runs on, whatever the next piece looks like (a piece of a
        # narrow column can read like a byline: ``本报记者采访了``); only a
        # byline or credit one short of the column is taken to end there.
        return not (tag is not None and tag.label not in L.TEXT_LABELS and length < width)

    def _split_trailing_credits(self, text, units, unit_texts):
        """Cut a credit off the end of a paragraph (``…安全。株洲日报全媒体通讯员/丁志鹏 供图``)."""
        out_units, out_texts = [], []
        for u, t in zip(units, unit_texts):
            if u.tag.label in L.TEXT_LABELS and len(u.spans) == 1:
                m = L.trailing_credit(t)
                if m is not None and L.ends_sentence(t[: m.start()]):
                    body_end = u.start + len(t[: m.start()].rstrip(_BLANK_CHARS))
                    out_units.append(_Unit([(u.start, body_end)], block=u.block, tag=u.tag))
                    out_texts.append(text[u.start : body_end])
                    credit = _Unit([(u.start + m.start(), u.end)], block=u.block, tag=L.LineTag(L.CREDIT, 0.85, "credit at the end of a paragraph"))
                    out_units.append(credit)
                    out_texts.append(text[credit.start : credit.end])
                    continue
            out_units.append(u)
            out_texts.append(t)
        return out_units, out_texts

    # --- joining cut paragraphs and writing the result -----------------------------

    def _assemble(self, text: str, units: list[_Unit], unit_texts: list[str]) -> Step:
        heads = self._cut_heads(units, unit_texts)
        text_units = [t for u, t in zip(units, unit_texts) if u.tag.label in L.TEXT_LABELS]
        scrambled = L.is_scrambled(text_units)
        indented_doc = sum(1 for t in text_units if _indented(t)) > 0.3 * max(1, len(text_units))
        # Short pieces that stop mid-sentence (``…建设现场,工地上``) are taken for
        # cut paragraphs only in a text where long paragraphs were cut too;
        # elsewhere they are subheads (``依法、正确、有效监督，增强监督实效``).
        self_cut = sum(1 for t in text_units if len(t) > L.MAX_HEADING and L.is_cut(t))
        # Paragraphs of several sentences that stop in the middle of one with
        # nothing but a break after them: unmistakable cuts.  A text with a
        # few has had its paragraphs cut by its layout, the rest of them too.
        bare_cuts = sum(
            1
            for u, n, t in zip(units, units[1:], unit_texts)
            if u.tag.label in L.TEXT_LABELS and n.tag.label == L.BODY and len(t) > L.MAX_HEADING and L.is_cut(t) and L.stops_inside(t)
        )

        # Lines under a headline that stop without a full stop are its summary
        # (a deck may hold several sentences: ``…用奋战来回应。最美“逆行者”们…境界``).
        decks: set[int] = set()
        under_heading = False
        for k, u in enumerate(units):
            if u.tag.label in (L.HEADLINE, L.KICKER, L.BYLINE):
                under_heading = True
            elif u.tag.label == L.BODY and under_heading and not L.ends_sentence(unit_texts[k]):
                decks.add(k)
            elif u.tag.label != L.SUBHEAD:
                under_heading = False  # a subtitle keeps the heading block open; a caption or text ends it

        blank_doc = _blank_separated(text, units)
        groups: list[_Group] = []
        notices: list[Notice] = []
        open_group: _Group | None = None
        changed = False
        for k, u in enumerate(units):
            label = u.tag.label
            t = unit_texts[k]
            if label == L.BOILERPLATE:
                notices.append(Notice(u.start, u.end, t, self.name, "site boilerplate" + (" (dropped)" if self.drop_boilerplate else ""), {"label": label}))
            if label in L.ASIDE_LABELS:
                if open_group is not None:
                    open_group.asides.append(k)
                else:
                    groups.append(_Group([k]))
                continue
            if label == L.BODY and open_group is not None:
                last = open_group.para[-1]
                left = unit_texts[last]
                # in a text whose paragraphs are blank-line separated, a single
                # line break is about to become a paragraph break too
                separated = len(open_group.asides) > open_group.asides_seen or units[last].block != u.block or blank_doc
                short_alone = open_group.length <= L.MAX_HEADING and not open_group.asides and self_cut < 2
                other_column = self._narrow_column_line(k, units, unit_texts) and len(left) > 2 * len(t.strip(_BLANK_CHARS))
                # What lies between counts as a cut unless it is a caption an earlier
                # pass marked and set after its paragraph, or a caption guessed only
                # because the line above looked cut: that may be the headline of the
                # next article (``…单级入轨`` / ``科学方法`` / ``科学方法是指…``) or the
                # headline under a title line (``去年消费增速…`` / ``消费“引擎”动力足``).
                new_asides = open_group.asides[open_group.asides_seen :]
                cut_by_aside = any(
                    not (self.caption_prefix and unit_texts[a].lstrip(_BLANK_CHARS).startswith(self.caption_prefix))
                    and units[a].tag.reason != L.GUESSED_CAPTION
                    for a in new_asides
                )
                if separated and not short_alone and self._continues(
                    left, t, open_group, indented_doc, scrambled, other_column, bare_cuts >= _CUT_DOC, cut_by_aside, last in decks,
                    k + 1 < len(units) and units[k + 1].tag.label in L.ASIDE_LABELS,
                ):
                    open_group.para.append(k)
                    open_group.asides_seen = len(open_group.asides)
                    open_group.length += len(t)
                    open_group.marked = open_group.marked or L.has_mark(t)
                    changed = True
                    if left[-1:] == t.lstrip(_BLANK_CHARS)[:1] and regex.match(r"\p{Han}", t.lstrip(_BLANK_CHARS)[:1]):
                        notices.append(
                            Notice(units[last].end - 1, u.start + 1, left[-1] + t.lstrip(_BLANK_CHARS)[0], self.name,
                                   "same character on both sides of a rejoined cut; one may be a duplicate", {})
                        )
                    continue
            # a new paragraph or heading: the previous group is complete
            if open_group is not None:
                groups.append(open_group)
                open_group = None
            g = _Group([k], length=len(t), marked=L.has_mark(t), head=k in heads)
            if (label in L.TEXT_LABELS and L.is_cut(t)) or g.head:
                open_group = g
            else:
                groups.append(g)
        if open_group is not None:
            groups.append(open_group)

        drops = self.drop_boilerplate and any(u.tag.label == L.BOILERPLATE for u in units)
        wraps = any(len(u.spans) > 1 for u in units)
        # A text whose paragraphs are all whole is left as it is (captions
        # included): the layout is rewritten only where it was damaged.
        if not (changed or drops or wraps):
            return Step(text, [], notices)
        return self._write(text, units, unit_texts, groups, notices, blank_doc)

    def _continues(
        self,
        left: str,
        right: str,
        group: _Group,
        indented_doc: bool,
        scrambled: bool,
        other_column: bool = False,
        cut_doc: bool = False,
        aside_between: bool = False,
        summary: bool = False,
        sandwiched: bool = False,
    ) -> bool:
        """May paragraph ``right`` be the rest of the cut paragraph that ends with ``left``?

        A caption or credit between the two (``aside_between``) is the classic
        cut: the rest runs on to a sentence end, continues a word, or is a
        prose piece with another caption after it (``sandwiched``).

        With nothing between, a paragraph break is the likelier reading (a
        summary line or a subhead without a full stop), so the sentence must
        visibly run on:

        * ``left`` stops on a comma or an enumeration mark, inside a quotation
          (``“能在门诊看``) or on a word no paragraph ends on (``…把他与``);
        * ``right`` opens with a word no paragraph opens with (``的``, ``及``);
        * a word runs across the join (language model);
        * the text is one whose layout cut many paragraphs (``cut_doc``);
        * unless ``left`` is a ``summary`` under a headline (which may hold
          several sentences and be followed by a short paragraph, ``敬礼！``):
          ``left`` stops after a full stop inside it (a paragraph of several
          sentences cut in one), or ``right`` is a one-clause tail (``说。``).

        On a scrambled page only a caption between or a word across counts;
        ``other_column`` (``right`` is a line of a narrow column, ``left`` ends
        a wide paragraph) needs a strong word across.
        """
        right = right.lstrip(_BLANK_CHARS) if not indented_doc else right
        if not right or (indented_doc and _indented(right)):
            return False
        left = left.rstrip(_BLANK_CHARS)
        if group.head and len(group.para) == 1:
            return True  # the caption between was checked by _cut_heads
        if not L.is_cut(left, length=group.length, marked=group.marked):
            return False

        gains: list[float] = []

        def gain() -> float:
            if not gains:
                gains.append(get_model().join_gain(left, right))
            return gains[0]

        if other_column:
            return gain() >= _STRONG_WORD
        if scrambled:
            # most pieces stop mid-sentence: only a caption between or a word
            # across tells which piece follows
            return aside_between or gain() >= _WORD_ACROSS
        # the rest of a cut paragraph runs on to a sentence end; a short
        # piece that stops again is a kicker or a fragment, not the rest,
        # unless a word runs across the join (``观众们争`` / ``先恐后地…``)
        whole_rest = len(right) > L.MAX_HEADING or L.ends_sentence(right)
        if aside_between:
            # a prose piece cut again, with another caption after it, is the
            # middle of a paragraph cut twice
            middle = sandwiched and L.is_cut(right, length=len(right), marked=True) and bool(_CLAUSE.search(right))
            return whole_rest or middle or _continues_words(right) or gain() >= _WORD_ACROSS
        tail = len(right) <= _SHORT_TAIL and L.ends_sentence(right) and not L.stops_inside(right) and not _CLAUSE.search(right)
        unfinished = left[-1] in _CLAUSE_ENDS or _open_quote(left) or _open_ended(left) or _continues_words(right)
        if summary:  # only the sentence itself may show it runs on (``敬礼！`` under a deck is a paragraph)
            runs_on = cut_doc or unfinished or gain() >= _WORD_ACROSS
        else:
            runs_on = cut_doc or tail or unfinished or L.stops_inside(left) or gain() >= _WORD_ACROSS
        return runs_on and (whole_rest or gain() >= _WORD_ACROSS)

    @staticmethod
    def _cut_heads(units: list[_Unit], unit_texts: list[str]) -> set[int]:
        """Short lines taken for a heading or caption that are pieces of a paragraph captions cut.

        ``近日，在北京市第二中级人`` / ``[caption]`` / ``民法院法官刘洁的主持下…``:
        a piece that stops mid-sentence, with captions or credits on one side
        and, past them, text that a word runs into or out of, that finishes
        the sentence (``值守。``) or that opens with a word no paragraph opens
        with (``及多项配套工程``).  A real caption over its credit is followed
        by a paragraph of its own.  Found pieces are retagged ``body`` at once,
        so a piece cut twice (``在抗击疫情`` / caption / ``的这段时间里…`` /
        caption / ``温暖与感动。…``) is found link by link.
        """
        heads: set[int] = set()

        def candidate(k: int) -> str | None:
            tag = units[k].tag
            if tag.label not in L.HEADING_LABELS | {L.CAPTION} or tag.reason.startswith(("Markdown", "short text followed")):
                return None
            t = unit_texts[k].strip(_BLANK_CHARS)
            if len(t) > L.MAX_HEADING or L.ends_sentence(t) or t[-1:] in _HEADING_ENDS or L.pattern_tag(t) is not None:
                return None
            return t

        def found(k: int) -> None:
            heads.add(k)
            units[k].tag = L.LineTag(L.BODY, 0.6, "opening of a paragraph cut by a caption or credit")

        for k in range(len(units)):
            t = candidate(k)
            if t is None:
                continue
            after = k + 1
            guessed: list[int] = []  # short lines between, taken for headings only from where they sit
            while after < len(units):
                label, reason = units[after].tag.label, units[after].tag.reason
                if label in _CUTTING and not reason.startswith("short line"):
                    after += 1
                elif candidate(after) is not None or (label == L.CAPTION and len(unit_texts[after].strip(_BLANK_CHARS)) <= L.MAX_HEADING):
                    right = unit_texts[after].strip(_BLANK_CHARS)
                    if after > k + 1 and not guessed and _continues_words(right):
                        found(k)  # the next piece is a guessed heading that cannot open anything
                        found(after)
                        break
                    guessed.append(after)
                    after += 1
                else:
                    break
            if k in heads:
                continue
            if after > k + 1 and after < len(units) and units[after].tag.label == L.BODY:
                right = unit_texts[after].strip(_BLANK_CHARS)
                first = _FIRST_SENTENCE.match(right)
                tail = bool(first and len(first.group(1)) <= _TAIL)
                # across lines that are captions by their wording, a word running on is
                # enough; across guessed ones only a strong word, or text after that
                # cannot open a paragraph
                gain = get_model().join_gain(t, right)
                if tail or _continues_words(right) or gain >= (_STRONG_WORD if guessed else _HEAD_WORD):
                    found(k)
                    for g in guessed:
                        units[g].tag = L.LineTag(L.CAPTION, 0.6, "short line between the pieces of a cut paragraph")
                    continue
            before = k - 1
            while before >= 0 and units[before].tag.label in _CUTTING:
                before -= 1
            if before < k - 1 and before >= 0 and units[before].tag.label in L.TEXT_LABELS:
                left = unit_texts[before].strip(_BLANK_CHARS)
                # a word runs into it, or it is prose cut on both sides: a clause
                # boundary inside and no end (``选手大多不是国家队中的主力，参加高级别``);
                # a caption that cuts a paragraph is a name (``西河风光带``)
                stops = L.is_cut(left) or (before in heads and not L.ends_sentence(left))
                if stops and (_CLAUSE.search(t) or get_model().join_gain(left, t) >= _HEAD_WORD):
                    found(k)
        return heads

    @staticmethod
    def _narrow_column_line(k: int, units: list[_Unit], unit_texts: list[str]) -> bool:
        """Is unit ``k`` one line of a narrow column set one line per block?

        Such a column (seed 002's ``为推动河长制工作从“有名”“有`` /
        ``实”向“有能”“有效”转变，该县建立`` / …) shows as short pieces of one
        length that stop mid-sentence, each a block of its own.
        """
        t = unit_texts[k].strip(_BLANK_CHARS)
        if len(t) > L.MAX_HEADING or not L.is_cut(t, length=_LONG, marked=True) or k + 1 >= len(units):
            return False
        nxt = unit_texts[k + 1].strip(_BLANK_CHARS)
        return (
            units[k + 1].block != units[k].block
            and units[k + 1].tag.label == L.BODY
            and abs(len(nxt) - len(t)) <= _SAME_WIDTH
            and L.is_cut(nxt, length=_LONG, marked=True)
        )

    def _write(self, text, units, unit_texts, groups, notices, blank_doc: bool) -> Step:
        """Rebuild the text from the groups as copies of input spans and insertions.

        The copies are in input order, so the edits fall out of the gaps
        between them: whatever the input had there is replaced by what was
        inserted.  Captions that cut a paragraph are not copied where they
        were but inserted again after the rejoined paragraph.
        """
        segments: list[tuple] = []  # ("copy", start, end) | ("ins", text, reason)
        prefix = self.caption_prefix
        # Paragraphs separated by blank lines get exactly one; a text with one
        # paragraph per line keeps its line breaks.
        sep = "\n\n" if blank_doc else "\n"
        between = ("ins", "\n\n", "one paragraph per line, a blank line between paragraphs") if blank_doc else ("ins", _KEEP, "")

        def emit_unit(k: int, *, first_in_para: bool) -> None:
            u = units[k]
            t = unit_texts[k]
            # captions are marked where the layout is rewritten; a text with
            # one paragraph per line only has the captions it moved marked
            marked = u.tag.label in (L.CAPTION, L.CREDIT) and prefix and blank_doc
            for n, (s, e) in enumerate(u.spans):
                if n:
                    segments.append(("ins", u.joiners[n - 1], "rejoin a line wrapped at the column width"))
                if n == 0 and (marked or not first_in_para):
                    s += len(text[s:e]) - len(text[s:e].lstrip(_BLANK_CHARS))
                    if marked and not text[s:e].startswith(prefix):
                        segments.append(("ins", prefix, "mark a photo caption or credit"))
                if n == len(u.spans) - 1:
                    e = s + len(text[s:e].rstrip(_BLANK_CHARS))
                segments.append(("copy", s, e))

        def is_dropped(k: int) -> bool:
            return self.drop_boilerplate and units[k].tag.label == L.BOILERPLATE

        first = True
        for g in groups:
            ks = [k for k in g.para if not is_dropped(k)]
            if not ks:
                segments.append(("ins", "", "drop site boilerplate"))
                continue
            if not first:
                segments.append(between)
            first = False
            para_start, para_end = units[ks[0]].start, units[ks[-1]].start
            emit_unit(ks[0], first_in_para=True)
            for k in ks[1:]:
                left = segments[-1]
                j = joiner(text[left[1] : left[2]], unit_texts[k].lstrip(_BLANK_CHARS))
                if j is None:  # drop a line-end hyphen
                    segments[-1] = ("copy", left[1], left[2] - 1)
                    j = ""
                segments.append(("ins", j, "rejoin a paragraph cut in two"))
                emit_unit(k, first_in_para=False)
            inside = [k for k in g.asides if para_start < units[k].start < para_end and not is_dropped(k)]
            after = [k for k in g.asides if units[k].start > para_end and not is_dropped(k)]
            for k in inside:
                segments.append(("ins", sep + self._render_aside(unit_texts[k], units[k].tag.label), "set a caption that cut a paragraph after it"))
            for k in after:
                segments.append(between)
                emit_unit(k, first_in_para=True)
            if any(is_dropped(k) for k in g.asides):
                segments.append(("ins", "", "drop site boilerplate"))

        copies = [seg for seg in segments if seg[0] == "copy"]
        if not copies:
            return Step(text, [], notices)
        edits: list[Edit] = []
        # what precedes the first paragraph is kept, unless it is dropped boilerplate
        pos = units[0].start if segments[0][0] == "ins" else copies[0][1]
        pending: list[str] = []
        reason = ""
        for seg in segments:
            if seg[0] == "ins":
                pending.append(seg[1])
                if seg[2] not in reason:
                    reason = f"{reason}; {seg[2]}" if reason else seg[2]
                continue
            _, s, e = seg
            if pending == [_KEEP]:
                # keep the line breaks a gap had; a gap inside a line (a credit
                # cut off a paragraph) becomes a line break
                pending = [] if "\n" in text[pos:s] else [sep]
            insert = "".join(pending).replace(_KEEP, sep)
            if pending and text[pos:s] != insert:
                edits.append(Edit(pos, s, text[pos:s], insert, self.name, reason, 0.85))
            pos = e
            pending, reason = [], ""
        # after the last paragraph: keep the final line break, insert or drop what is pending
        tail_end = len(text.rstrip(_BLANK_CHARS + "\n"))
        if pending and pending != [_KEEP]:
            insert = "".join(pending).replace(_KEEP, "")
            end = max(pos, tail_end)
            if text[pos:end] != insert:
                edits.append(Edit(pos, end, text[pos:end], insert, self.name, reason, 0.85))
        return apply_edits(text, edits, notices)

    def _render_aside(self, t: str, label: str) -> str:
        s = t.strip(_BLANK_CHARS)
        if label in (L.CAPTION, L.CREDIT) and self.caption_prefix and not s.startswith(self.caption_prefix):
            return self.caption_prefix + s
        return s

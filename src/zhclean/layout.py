"""What each line of a newspaper page is: headline, byline, body, caption, credit, footer…

``classify_lines`` tags every line of a text with a :class:`LineTag`.  The
layout filter uses the tags to decide which lines may be joined (body to
body, never across a headline or byline) and which are set apart (captions,
credits); the article splitter uses them to find where articles begin.

Tagging is done in two passes.  The first matches each line on its own
against the patterns in :mod:`zhclean.lang.patterns` (bylines, credits,
footers, boilerplate: things whose wording gives them away).  The second
looks at short lines that no pattern claimed and decides from their
neighbours whether they are a headline, a subhead, a kicker or a photo
caption: a short line that sits inside a paragraph cut in two is a caption,
a short line followed by a byline or dateline is a headline.

``evaluate_tags`` compares the tags with the hand-checked annotation of the
seed files in ``fixtures/layout/`` and reports precision and recall per label.
"""

from __future__ import annotations

import csv
import os
from dataclasses import dataclass
from typing import Callable, NamedTuple, Sequence

import regex

from .lang import patterns as P
from .lang.model import get_model
from .lang.punctuation import CLOSERS, SENTENCE_END

HEADLINE = "headline"
KICKER = "kicker"
SUBHEAD = "subhead"
BYLINE = "byline"
DATELINE = "dateline"
BODY = "body"
CAPTION = "caption"
CREDIT = "credit"
EDITOR_FOOTER = "editor_footer"
BOILERPLATE = "boilerplate"
FURNITURE = "furniture"
BLANK = "blank"

#: Every label a non-empty line can get.
LABELS: tuple[str, ...] = (
    HEADLINE,
    KICKER,
    SUBHEAD,
    BYLINE,
    DATELINE,
    BODY,
    CAPTION,
    CREDIT,
    EDITOR_FOOTER,
    BOILERPLATE,
    FURNITURE,
)
#: Labels of lines that are part of the running text of an article.
TEXT_LABELS = frozenset({BODY, DATELINE})
#: Labels of lines that start or head an article; nothing is joined across them.
HEADING_LABELS = frozenset({HEADLINE, KICKER, SUBHEAD})
#: Labels of lines that are set apart from the running text.
ASIDE_LABELS = frozenset({CAPTION, CREDIT, FURNITURE, BOILERPLATE, EDITOR_FOOTER})


class LineTag(NamedTuple):
    """The label of one line, how sure the tagger is (0–1), and why."""

    label: str
    confidence: float
    reason: str


#: Share of running-text pieces that stop mid-sentence above which a page is
#: taken for interleaved columns (:func:`is_scrambled`).
SCRAMBLED_SHARE = 0.4
#: ... and at least this many of them: a short article cut by two captions
#: under two summary lines is not a scrambled page.
SCRAMBLED_MIN = 8
#: ``join_gain`` (nats) that shows a word running across a join.
WORD_ACROSS = 1.5

#: Reason of a caption found only from where it sits: inside a paragraph that looks cut.
GUESSED_CAPTION = "short line inside a paragraph cut in two"

#: A line longer than this (in characters) is running text, not a heading.
MAX_HEADING = 36
_MAX_HEADING = MAX_HEADING
# Sentence-final marks, half-width ones included (seeds keep ``!`` and ``?``).
_ENDS = SENTENCE_END | frozenset("!?")
# A full stop after a Latin word ends an English sentence (``…from PDFs.``); after
# a digit it may be a decimal point cut by a wrap (``增长3.`` / ``5%``), so it does not.
_LATIN_FULL_STOP = regex.compile(r"[A-Za-z]\.$")
# The longest photo credit looked for at the end of a line.
_MAX_CREDIT = 48
# A title without a single punctuation mark may be this long.
_MAX_TITLE = 64
# Marks a line of verse or of a list ends on.
_LINE_END_MARKS = frozenset("，。、；：！？,.;:!?")
_ANY_MARK = regex.compile(r"[，。、；：！？,;:!?（）()“”]")
# Names in brackets closing the last paragraph of an article: ``…95%以 (刘澜戴宁彭舒)``.
_CLOSING_NAMES = regex.compile(r"[（(][\p{Han} \u3000]{2,16}[）)]$")
# A caption that cuts a paragraph is a short label (``西河风光带``).
_MAX_CAPTION = 16
# Two-part headings: ``党建引领聚合力 找准定位谋发展``, ``划好重点,全面明责强责任``.
_HEADING_SHAPE = regex.compile(r"[^\s,，:：]{3,16}(?:[ \u3000]+|[,，:：][ \u3000]*)[^\s,，:：]{3,16}")
_CLAUSE_MARK = regex.compile(r"[，、；,;]")
_INNER_STOP = regex.compile(r"[。！？!?]")
_FULL_WIDTH_STOP = regex.compile(r"[。！？]")
_STRIP = " \t\u3000\u00a0"


def ends_sentence(text: str) -> bool:
    """True when ``text`` ends with a sentence-final mark (closers may follow it)."""
    s = text.rstrip(_STRIP)
    while s and s[-1] in CLOSERS or s[-1:] in ('"', "'"):
        if len(s) >= 2 and (s[-2] in _ENDS or _LATIN_FULL_STOP.search(s, 0, len(s) - 1)):
            return True
        s = s[:-1]
    return bool(s) and (s[-1] in _ENDS or bool(_LATIN_FULL_STOP.search(s)))


# Endings after which a paragraph may stop without a full stop and still be
# whole: an introduction (``如下：``), a list item (``；``), a dash, or a
# bracketed note (``（作者为…）``, ``（记者 杜一菲）``).
_WHOLE_ENDINGS = frozenset("：:；;—-）)")


def is_cut(text: str, *, length: int | None = None, marked: bool | None = None) -> bool:
    """True when ``text`` stops in mid-sentence, as a paragraph cut in two does.

    ``…签订了征`` and ``…责任压得不实、`` are cut; a sentence end, an
    introduction before a list, a list item and a bracketed note are not,
    and neither is a paragraph that closes with a photo credit or a
    title-length line without a single punctuation mark.  ``length`` and
    ``marked`` describe the whole paragraph when ``text`` is only its end.
    """
    s = text.rstrip(_STRIP)
    if not s or ends_sentence(s) or s[-1] in _WHOLE_ENDINGS:
        return False
    if length is None:
        length, marked = len(s), bool(_ANY_MARK.search(s))
    if length <= _MAX_TITLE and not marked:
        return False  # a title or a label, whole without a single mark
    return trailing_credit(s) is None


def stops_inside(text: str) -> bool:
    """Does a sentence end inside ``text`` (before its last character)?"""
    return bool(_INNER_STOP.search(text.rstrip(_STRIP)[:-1]))


def is_scrambled(texts: Sequence[str]) -> bool:
    """Are these running-text pieces from a page whose columns were interleaved?

    In a clean or merely cut text most paragraphs end a sentence.  When more
    than ``SCRAMBLED_SHARE`` of them stop mid-sentence, and no fewer than
    ``SCRAMBLED_MIN`` (seed 002 has 65), the pieces of several columns are
    interleaved and neighbours need not belong together.
    """
    cut = sum(1 for t in texts if is_cut(t))
    return cut >= SCRAMBLED_MIN and cut / max(1, len(texts)) > SCRAMBLED_SHARE


def looks_like_names(text: str) -> bool:
    """True for a list of personal names (``刘爱明 张 咪 傅相玮 甘 敏``), not a headline.

    Every space-separated token must be a 2–4 character name starting with a
    common surname, or a single surname character followed by a one-character
    given name (``张 咪``: a two-character name padded to three columns).
    """
    tokens = text.replace("\u3000", " ").split()
    if len(tokens) < 2:
        return False
    i = 0
    while i < len(tokens):
        t = tokens[i]
        if len(t) == 1:
            if t not in P.SURNAMES or i + 1 >= len(tokens) or len(tokens[i + 1]) != 1:
                return False
            i += 2
            continue
        if not (2 <= len(t) <= 4) or not (t[0] in P.SURNAMES or t[:2] in P.SURNAMES):
            return False
        if len(t) == 4 and t[:2] not in P.SURNAMES:
            return False
        i += 1
    return True


def trailing_credit(text: str) -> regex.Match[str] | None:
    """The photo credit at the end of ``text`` (``…景区。企业供图``), if any."""
    s = text.rstrip(_STRIP)
    if not P.CREDIT_ENDING.search(s[-8:]):
        return None
    # a credit is short: look only at the end of a long line
    offset = max(0, len(s) - _MAX_CREDIT)
    m = P.TRAILING_CREDIT.search(s, offset)
    if m is None or m.start() == 0:
        return None
    return m


def is_boilerplate(line: str) -> bool:
    """True for a line of site boilerplate (breadcrumb, review credit, hotline, ICP licence).

    Such lines are lists of fields; a line with a sentence end inside is running
    text that mentions a hotline (``…可通过举报电话12390举报。``), not boilerplate.
    (Only full-width stops count: a ``?`` in a footer is a URL's or mojibake's.)"""
    s = line.strip(_STRIP)
    return (bool(s) and bool(P.BOILERPLATE_HINT.search(s)) and bool(P.BOILERPLATE.fullmatch(s))
            and not _FULL_WIDTH_STOP.search(s, 0, len(s) - 1))


def pattern_tag(line: str) -> LineTag | None:
    """Tag a line from its own wording, or ``None`` when no pattern claims it."""
    s = line.strip(_STRIP)
    if is_boilerplate(s):
        return LineTag(BOILERPLATE, 0.95, "site boilerplate pattern")
    if P.EDITOR_FOOTER.fullmatch(s):
        return LineTag(EDITOR_FOOTER, 0.95, "editor footer pattern")
    m = P.MARKDOWN_HEADING.fullmatch(s)
    if m:
        if len(m.group(1)) == 1:
            return LineTag(HEADLINE, 0.9, "Markdown level-1 heading")
        return LineTag(SUBHEAD, 0.9, "Markdown heading")
    if len(s) <= _MAX_TITLE and P.CAPTION_OPENING.match(s) and not _INNER_STOP.search(s[:-1]):
        return LineTag(CAPTION, 0.85, "opens with 图为 (the photo shows)")
    if len(s) <= _MAX_HEADING:
        if P.CREDIT.fullmatch(s):
            return LineTag(CREDIT, 0.9, "photo credit pattern")
        if P.BRACKETED_NAMES.fullmatch(s) and looks_like_names(s.strip("（(〔【）)〕】 ")):
            return LineTag(BYLINE, 0.9, "names in brackets")
        if P.BYLINE.fullmatch(s) and P.ROLE.search(s):
            return LineTag(BYLINE, 0.9, "byline pattern (role and names)")
        if P.NAME_LIST.fullmatch(s) and looks_like_names(s):
            return LineTag(BYLINE, 0.8, "list of personal names")
        if P.PAGE_FURNITURE.fullmatch(s):
            return LineTag(FURNITURE, 0.7, "page number or section name")
    if P.DATELINE.match(line):
        return LineTag(DATELINE, 0.9, "opens with a dateline")
    return None


def column_width(lines: Sequence[str]) -> int | None:
    """The width (in characters) the text was wrapped at, or ``None`` if it was not.

    A wrapped text has many lines that run on to a next line, and nearly all
    of them are one length (the column) or one less (a line that could not
    end on a closing mark).  Clean one-paragraph-per-line text has lines of
    every length.
    """
    lengths: dict[int, int] = {}
    total = 0
    for line, nxt in zip(lines, lines[1:]):
        s = line.rstrip(" \t")
        if s.strip(_STRIP) and nxt.strip(_STRIP):
            lengths[len(s)] = lengths.get(len(s), 0) + 1
            total += 1
    if total < 3:
        return None
    width = max(lengths, key=lambda n: (lengths[n], n))
    share = (lengths[width] + lengths.get(width - 1, 0)) / total
    if width < 4 or share < 0.6:
        return None
    # Verse and lists have lines of one length too, but a line ends where a
    # phrase ends (``床前明月光，`` / ``疑是地上霜。``, or no mark at all),
    # while a wrap falls anywhere and leaves marks inside the lines.
    full = [line.rstrip(" \t") for line, nxt in zip(lines, lines[1:]) if len(line.rstrip(" \t")) == width and nxt.strip(_STRIP)]
    if sum(1 for line in full if line[-1] in _LINE_END_MARKS) > 0.5 * len(full):
        return None
    if not any(_ANY_MARK.search(line) for line in full) and not any(ends_sentence(line) for line in lines if line.strip(_STRIP)):
        return None  # no mark anywhere: verse or a list, not wrapped prose
    # A wrap falls anywhere, so some full lines break a word (about two in five
    # in prose); items of a list, lines of lyrics or an agenda end where a
    # phrase ends.  No broken word among the first full lines: not a column.
    if not _breaks_a_word(lines, width):
        return None
    return width


def _breaks_a_word(lines: Sequence[str], width: int, look: int = 40) -> bool:
    """Does some line of ``width`` characters end inside a word that the next line finishes?"""
    model = get_model()
    seen = 0
    for line, nxt in zip(lines, lines[1:]):
        s, t = line.rstrip(" \t"), nxt.strip(_STRIP)
        if len(s) != width or not t:
            continue
        if model.join_gain(s[-4:], t[:4]) >= WORD_ACROSS:
            return True
        seen += 1
        if seen >= look:
            return False
    return False


def column_slack(lines: Sequence[str], width: int) -> int:
    """How much shorter than ``width`` a line may be and still run on: 1 or 0.

    Typeset columns end a line early rather than start the next with a
    closing mark, so lines one short of the column run on too; a text cut
    into equal pieces has none, and there a line one short ends a paragraph.
    """
    full = short = 0
    for line, nxt in zip(lines, lines[1:]):
        if nxt.strip(_STRIP):
            n = len(line.rstrip(" \t"))
            full += n == width
            short += n == width - 1
    return 1 if short > 0.1 * full else 0


def _is_short(s: str) -> bool:
    """A line short enough, and free enough of full stops, to be a heading or caption.

    Long titles (``国务院…关于进一步做好民政服务机构疫情防控工作的通知``) count
    too: running text of that length always has a comma somewhere.
    """
    if len(s) > _MAX_HEADING and (len(s) > _MAX_TITLE or _ANY_MARK.search(s)):
        return False
    return not _INNER_STOP.search(s[:-1]) and not ends_sentence(s)


def _looks_like_fragment(s: str) -> bool:
    """A short line that is a piece of wrapped prose rather than a heading.

    Prose fragments start or end inside a clause: they end with a comma or
    an enumeration mark, start with punctuation that never opens a line, or
    leave a quotation mark open.
    """
    if s[-1] in "，、,；;" or s[0] in "，。、,；;：:！？!?）)”":
        return True
    opens = sum(s.count(c) for c in "“（(《")
    closes = sum(s.count(c) for c in "”）)》")
    if opens != closes:
        return True
    if len(_CLAUSE_MARK.findall(s)) >= 2:
        return True
    return s.count('"') % 2 == 1


def classify_lines(lines: Sequence[str]) -> list[LineTag]:
    """Tag each line (without its newline) with a :class:`LineTag`.

    Empty or whitespace-only lines get the label ``blank``.  The result has
    one tag per input line, in order.
    """
    stripped = [line.strip(_STRIP) for line in lines]
    tags: list[LineTag | None] = []
    for line, s in zip(lines, stripped):
        if not s:
            tags.append(LineTag(BLANK, 1.0, "empty line"))
        else:
            tags.append(pattern_tag(line))
    content = [i for i, s in enumerate(stripped) if s]
    markdown_doc = any(t is not None and t.reason.startswith("Markdown") for t in tags)

    def neighbour(k: int, step: int) -> int | None:
        j = k + step
        return content[j] if 0 <= j < len(content) else None

    def _credit_within(k: int, n: int) -> bool:
        # the next n content lines (body text) reach a photo credit
        for step in range(1, n + 2):
            j = neighbour(k, step)
            if j is None:
                return False
            t = tags[j]
            if (t is not None and t.label == CREDIT) or trailing_credit(stripped[j]):
                return True
            following = neighbour(k, step + 1)
            if t is not None and t.label == BYLINE and following is not None and tags[following] is not None:
                return tags[following].label == CREDIT  # a two-line credit
            if t is None or t.label not in TEXT_LABELS:
                return False
        return False

    def _before_subtitle(k: int) -> bool:
        # headline, subtitle, byline: the first of two short lines above a byline
        n1, n2 = neighbour(k, +1), neighbour(k, +2)
        return (
            n1 is not None
            and n2 is not None
            and tags[n1] is None
            and tags[n2] is not None
            and tags[n2].label in (BYLINE, DATELINE)
        )

    # Long lines and fragments are running text; short lines wait for pass two.
    for k, i in enumerate(content):
        if tags[i] is not None:
            continue
        s = stripped[i]
        credit = trailing_credit(s)
        if credit is not None and len(s) - (credit.end() - credit.start()) <= _MAX_HEADING:
            tags[i] = LineTag(CAPTION, 0.85, "short text followed by a photo credit")
        elif not _is_short(s):
            tags[i] = LineTag(BODY, 0.9 if _INNER_STOP.search(s) else 0.7, "running text")
        elif _looks_like_fragment(s):
            tags[i] = LineTag(BODY, 0.6, "fragment of wrapped prose")

    # Lines of a narrow column: as long as a neighbouring prose fragment.
    for _ in range(3):
        changed = False
        for k, i in enumerate(content):
            if tags[i] is not None or not _CLAUSE_MARK.search(stripped[i]):
                continue
            for j in (neighbour(k, -1), neighbour(k, +1)):
                t = tags[j] if j is not None else None
                if t is not None and t.label == BODY and t.confidence <= 0.6 and abs(len(stripped[j]) - len(stripped[i])) <= 2:
                    tags[i] = LineTag(BODY, 0.6, "line of a narrow column, as long as its neighbours")
                    changed = True
                    break
        if not changed:
            break

    scrambled = is_scrambled([stripped[i] for i in content if tags[i] is not None and tags[i].label in TEXT_LABELS])
    if scrambled:
        # On interleaved columns an unmarked line between running text, next to
        # a piece of its own length that stops mid-sentence, is a line of that
        # column too (``中局机关及城区四所警力分成7个集``); a subhead sits
        # between whole paragraphs.
        for k, i in enumerate(content):
            if tags[i] is not None or ends_sentence(stripped[i]):
                continue
            around = [j for j in (neighbour(k, -1), neighbour(k, +1)) if j is not None]
            if (
                len(around) == 2
                and all(tags[j] is not None and tags[j].label == BODY for j in around)
                and any(abs(len(stripped[j]) - len(stripped[i])) <= 2 and is_cut(stripped[j], length=_MAX_TITLE + 1) for j in around)
            ):
                tags[i] = LineTag(BODY, 0.5, "line of an interleaved narrow column, as long as its neighbours")

    # Pass two: short lines, decided from their neighbours.
    for k, i in enumerate(content):
        if tags[i] is not None:
            continue
        s = stripped[i]
        prev_i, next_i = neighbour(k, -1), neighbour(k, +1)
        prev_t = tags[prev_i] if prev_i is not None else None
        next_t = tags[next_i] if next_i is not None else None
        prev_label = prev_t.label if prev_t else None
        next_label = next_t.label if next_t else None
        if P.KICKER.fullmatch(s) and (next_t is None or next_label in (None, KICKER, HEADLINE)):
            tags[i] = LineTag(KICKER, 0.8, "short line ending in a colon before a headline")
            continue
        column = (
            prev_i is not None
            and next_i is not None
            and max(len(stripped[prev_i]), len(stripped[next_i]), len(s)) - min(len(stripped[prev_i]), len(stripped[next_i]), len(s)) <= 3
        )
        fragments_around = prev_label == BODY and next_label == BODY and prev_t.confidence <= 0.6
        if column and fragments_around:
            tags[i] = LineTag(BODY, 0.6, "line of a narrow column, as long as its neighbours")
            continue
        cut = (
            len(s) <= _MAX_CAPTION
            and prev_i is not None
            and next_i is not None
            and (i - prev_i > 1 or next_i - i > 1)  # set apart by blank lines, as a photo's label is
            and not _HEADING_SHAPE.fullmatch(s)
            and prev_label in TEXT_LABELS
            and is_cut(stripped[prev_i])
            and next_label in TEXT_LABELS
            and next_label != DATELINE
        )
        if cut and scrambled and get_model().join_gain(stripped[prev_i], stripped[next_i]) < WORD_ACROSS:
            # on a page of interleaved columns most pieces stop mid-sentence:
            # a caption must sit where the two pieces around it read on
            tags[i] = LineTag(BODY, 0.5, "fragment of an interleaved column")
        elif cut:
            tags[i] = LineTag(CAPTION, 0.8, GUESSED_CAPTION)
        elif next_label == CREDIT and next_i is not None and next_i - i <= 2:
            tags[i] = LineTag(CAPTION, 0.85, "short line followed by a photo credit")
        elif markdown_doc and s[0] != "#":
            tags[i] = LineTag(CAPTION, 0.6, "short unmarked line in a document whose headings are marked")
        elif next_label in (BYLINE, DATELINE) or prev_i is None or _before_subtitle(k):
            tags[i] = LineTag(HEADLINE, 0.8, "short line before a byline or at the top")
        elif prev_label in (KICKER,) or prev_label in ASIDE_LABELS - {CAPTION} or prev_label == BYLINE:
            tags[i] = LineTag(HEADLINE, 0.7, "short line after a kicker or the end of an article")
        elif prev_label == HEADLINE:
            tags[i] = LineTag(SUBHEAD, 0.7, "short line after a headline (subtitle)")
        elif prev_i is not None and (trailing_credit(stripped[prev_i]) or _CLOSING_NAMES.search(stripped[prev_i])):
            tags[i] = LineTag(HEADLINE, 0.6, "short line after the end of an article (a credit or names)")
        elif _credit_within(k, 2):
            tags[i] = LineTag(HEADLINE, 0.6, "short line over a photo item that ends in a credit")
        else:
            tags[i] = LineTag(SUBHEAD, 0.6, "short line between paragraphs")
    # Headings in a row with no text between are the headlines of a page's
    # articles (an article's subheads are separated by its paragraphs).
    guessed = [i for i in content if tags[i] is not None and tags[i].reason == "short line between paragraphs"]
    position = {i: k for k, i in enumerate(content)}
    for i in guessed:
        k = position[i]
        for j in (neighbour(k, -1), neighbour(k, +1)):
            if j is not None and tags[j] is not None and tags[j].label in (SUBHEAD, HEADLINE) and not P.MARKDOWN_HEADING.fullmatch(stripped[j]):
                tags[i] = LineTag(HEADLINE, 0.6, "one of several headings in a row")
                break
    # A Markdown subheading directly above a byline heads an article of its own.
    for k, i in enumerate(content):
        t = tags[i]
        next_i = neighbour(k, +1)
        if t is not None and t.label == SUBHEAD and t.reason == "Markdown heading" and next_i is not None:
            if tags[next_i] is not None and tags[next_i].label == BYLINE:
                tags[i] = LineTag(HEADLINE, 0.8, "Markdown heading above a byline")
    # A headline followed by another short heading line before the byline:
    # the first is the headline, the second its subtitle.
    for k, i in enumerate(content):
        t = tags[i]
        next_i = neighbour(k, +1)
        if t is not None and t.label == HEADLINE and next_i is not None:
            nt = tags[next_i]
            after = neighbour(k, +2)
            subtitle = stripped[next_i][:1] in "·—-" or (
                after is not None and tags[after] is not None and tags[after].label in (BYLINE, DATELINE)
            )
            if (
                nt is not None
                and nt.label == HEADLINE
                and nt.confidence <= 0.8
                and subtitle
                and not P.MARKDOWN_HEADING.fullmatch(stripped[next_i])
            ):
                tags[next_i] = LineTag(SUBHEAD, 0.7, "subtitle under a headline")
    # A byline line directly followed by a credit continues that credit
    # (``株洲日报全媒体记者/刘毅`` over ``通讯员/曲宏 易溪 摄``).
    for k, i in enumerate(content):
        t = tags[i]
        if t is not None and t.label == BYLINE and i + 1 < len(lines) and tags[i + 1] is not None:
            if tags[i + 1].label == CREDIT:
                tags[i] = LineTag(CREDIT, 0.8, "first line of a two-line photo credit")
    return [t if t is not None else LineTag(BODY, 0.5, "default") for t in tags]


# --- evaluation against the hand-checked annotation ------------------------------


class Gold(NamedTuple):
    seed: str
    line: int  # 1-based line number in the seed file
    label: str
    text: str


def read_annotation(path: str | os.PathLike[str]) -> list[Gold]:
    """Read the TSV annotation (``seed``, ``line``, ``label``, ``excerpt``)."""
    rows: list[Gold] = []
    with open(path, encoding="utf-8", newline="") as fh:
        for row in csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            if not row or row[0].startswith("#") or row[0] == "seed":
                continue
            rows.append(Gold(row[0], int(row[1]), row[2], row[3] if len(row) > 3 else ""))
    return rows


@dataclass
class LabelScore:
    label: str
    gold: int
    predicted: int
    correct: int

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.correct / self.gold if self.gold else 1.0


def evaluate_tags(
    annotation: str | os.PathLike[str],
    seeds_dir: str | os.PathLike[str],
    classify: Callable[[Sequence[str]], Sequence[LineTag]] = classify_lines,
) -> dict[str, LabelScore]:
    """Per-label precision and recall of ``classify`` against the annotation.

    Each seed named in the annotation is read from ``seeds_dir`` (a file
    whose name starts with the seed id), split into lines and tagged; every
    annotated line is compared with its tag.
    """
    gold = read_annotation(annotation)
    by_seed: dict[str, list[Gold]] = {}
    for g in gold:
        by_seed.setdefault(g.seed, []).append(g)
    scores = {label: LabelScore(label, 0, 0, 0) for label in LABELS}
    for seed, rows in by_seed.items():
        names = [n for n in os.listdir(seeds_dir) if n.startswith(seed)]
        if not names:
            raise FileNotFoundError(f"no seed file for {seed!r} in {seeds_dir}")
        with open(os.path.join(seeds_dir, names[0]), encoding="utf-8") as fh:
            lines = fh.read().split("\n")
        tags = classify(lines)
        for g in rows:
            predicted = tags[g.line - 1].label
            scores.setdefault(g.label, LabelScore(g.label, 0, 0, 0)).gold += 1
            scores.setdefault(predicted, LabelScore(predicted, 0, 0, 0)).predicted += 1
            if predicted == g.label:
                scores[g.label].correct += 1
    return scores


def format_scores(scores: dict[str, LabelScore]) -> str:
    """A small table of per-label precision and recall."""
    rows = [f"{'label':<14}{'gold':>6}{'pred':>6}{'ok':>6}{'prec':>8}{'recall':>8}"]
    for s in scores.values():
        if s.gold or s.predicted:
            rows.append(f"{s.label:<14}{s.gold:>6}{s.predicted:>6}{s.correct:>6}{s.precision:>8.2f}{s.recall:>8.2f}")
    total_gold = sum(s.gold for s in scores.values())
    total_ok = sum(s.correct for s in scores.values())
    rows.append(f"{'accuracy':<14}{total_gold:>6}{'':>6}{total_ok:>6}{total_ok / max(1, total_gold):>8.2f}")
    return "\n".join(rows)


def has_mark(text: str) -> bool:
    """Does ``text`` hold any punctuation mark (a title may hold none)?"""
    return bool(_ANY_MARK.search(text))



"""Pages wrapped at an exact character count: group column blocks by their width.

Text set in columns that an extractor returns line by line, in blocks of
lines separated by blank lines, has two properties the general path cannot
lean on as hard:

* a block (a run of lines with no blank line between) is one piece of one
  column, read in order - the reader's mistakes are in the order of the
  blocks, not inside them;
* where lines are wrapped at a fixed number of characters, every line of a
  column that does not end its paragraph has exactly the column's width, so
  a block's longest line gives its column, and two different widths mean two
  different articles.

So blocks are grouped by column width first.  A width shared by two articles
is split where the blocks' names (:mod:`.topic`) part ways and where each
group has its own headline; blocks too short to show their width join the
group they read on from or share names with.  Each group is then ordered by
:func:`.group.order_article`.

Cost: b blocks, g width groups: O(b·g) to place the unsure blocks and
O(b²) at worst to split a shared width, b far below the number of fragments.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

import regex

from .fragments import Fragment
from .group import order_pieces, swap_margins
from .links import LinkScorer
from .measure import MARK_PAIRS, ends_sentence, first_mark
from .topic import Bag, TopicModel, cosine, merge

# Share of run-on lines (in blocks of a few lines) that have exactly their block's width on an exactly wrapped page.
_EXACT_SHARE = 0.75
# Blocks of this many lines or more are used to decide whether the page is exactly wrapped.
_MEASURED_LINES = 3
_TOPIC_WEIGHT = 10.0
_HEADINGS = frozenset({"headline", "subhead", "kicker"})
_JOIN_WEIGHT = 0.5
# A block a group's text reads on into (or out of) this strongly belongs to it.
_JOIN_CAP = 4.0
# Two articles of one width: split when the two halves' names overlap less than this…
_SPLIT_COSINE = 0.03
# …and both halves hold at least this many characters.
_SPLIT_CHARS = 200
# Two clusters that each hold a block starting with a headline need this much more in common.
_TWO_HEADLINES = 0.05
# An article whose text breaks off at a full line claims the block after it this strongly.
_DANGLING = 3.0

# Decisions closer than this are reported for a person to check.
_UNSURE_MARGIN = 1.0


@dataclass(frozen=True)
class Doubt:
    """A join in the output that the evidence did not clearly prefer: fragment ``after`` follows ``before``."""

    before: int
    after: int
    margin: float
    reason: str


@dataclass
class Block:
    """A run of body fragments on consecutive lines."""

    ids: list[int]  # every fragment of the block, in file order
    body: list[int]  # the ones the link scorer knows (text and headings)
    width: int  # longest line, in characters
    sure: bool  # two lines or more have that width, so it is the column's (not one odd line)
    last_len: int = 0  # length of the last text line, in characters
    runs_on: bool = False  # the last text line does not end a sentence


def exact_blocks(frags: list[Fragment], placed: list[int], body: set[int], lines: list[str]) -> list[Block] | None:
    """The page's blocks, or None when its lines are not wrapped at an exact width.

    A byline or caption inside a block stays in it: the block is read in order.
    """
    blocks: list[list[int]] = []
    for n in placed:
        if blocks and frags[n].line <= frags[blocks[-1][-1]].line + 1:
            blocks[-1].append(n)
        else:
            blocks.append([n])
    out: list[Block] = []
    measured = exact = 0
    for ids in blocks:
        text_ids = [n for n in ids if n in body]
        if not text_ids:
            continue  # furniture standing alone: placed later
        line_nos = sorted({frags[n].line for n in text_ids})
        headings = {frags[n].line for n in ids if frags[n].role in _HEADINGS}
        # A headline may be set wider than its column: measure the text lines.
        text_lines = [k for k in line_nos if k not in headings] or line_nos
        lengths = [len(lines[k]) for k in text_lines]
        width = max(lengths)
        # Lines that run on (not the block's last, not ending a sentence) are
        # full column lines: on an exactly wrapped page they have the block's width.
        run_on = [len(lines[k]) for k in text_lines if k != line_nos[-1] and not ends_sentence(lines[k])]
        sure = lengths.count(width) >= 2
        if len(line_nos) >= _MEASURED_LINES:
            measured += len(run_on)
            exact += run_on.count(width)
        last = lines[text_lines[-1]]
        out.append(Block(ids, text_ids, width, sure, len(last), not ends_sentence(last)))
    if not measured or exact < _EXACT_SHARE * measured:
        return None
    return out


def split_blocks(
    frags: list[Fragment], blocks: list[Block], scorer: LinkScorer, topics: TopicModel
) -> tuple[list[list[int]], list[Doubt]]:
    """Articles as fragment ids in reading order (blocks grouped by width, then ordered), and the doubtful joins."""
    out = []
    doubts: list[Doubt] = []
    groups, placements = group_blocks(frags, blocks, scorer, topics)
    for members in groups:
        whole = {blocks[k].body[0]: blocks[k].ids for k in members}
        pieces = order_pieces(frags, [blocks[k].body for k in members], scorer, lead_by_headline=False, use_width=False)
        out.append([n for piece in pieces for n in whole[piece[0]]])
        for (a, b), margin in zip(zip(pieces, pieces[1:]), swap_margins(pieces, scorer, use_width=False)):
            if margin < _UNSURE_MARGIN:
                doubts.append(Doubt(a[-1], b[0], margin, "these two blocks read almost as well the other way round"))
        for piece, prev in zip(pieces[1:], pieces):
            k = next(k for k in members if blocks[k].body[0] == piece[0])
            if k in placements and placements[k] < _UNSURE_MARGIN:
                doubts.append(Doubt(prev[-1], piece[0], placements[k], "this block's column width does not show; another article fits it almost as well"))
    return out, doubts


def group_blocks(
    frags: list[Fragment], blocks: list[Block], scorer: LinkScorer, topics: TopicModel
) -> tuple[list[list[int]], dict[int, float]]:
    """Articles as lists of block numbers in file order, and for each block placed without its width, its margin."""
    text = ["".join(frags[n].text for n in b.body) for b in blocks]
    bags = [topics.bag(t) for t in text]
    groups: dict[int, list[int]] = {}
    for k, b in enumerate(blocks):
        if b.sure:
            groups.setdefault(b.width, []).append(k)
    if not groups:
        return [list(range(len(blocks)))], {}
    headed = {k for k, b in enumerate(blocks) if frags[b.body[0]].role == "headline"}
    articles = [g for members in groups.values() for g in _split_shared(members, blocks, bags, text, headed)]
    article_bags = [_bag(g, bags) for g in articles]
    margins: dict[int, float] = {}
    for k, b in enumerate(blocks):
        if b.sure:
            continue
        fits = [a for a, g in enumerate(articles) if blocks[g[0]].width >= b.width] or list(range(len(articles)))
        closes = _closed_by_note(k, [articles[a] for a in fits], blocks, text)
        scored = sorted(
            (
                (
                    _fit(k, articles[a], blocks, bags, article_bags[a], scorer)
                    + _ending(k, articles[a], blocks, text)
                    + (_DANGLING if m == closes else 0.0),
                    a,
                )
                for m, a in enumerate(fits)
            ),
            reverse=True,
        )
        best = scored[0][1]
        if len(scored) > 1:
            margins[k] = scored[0][0] - scored[1][0]
        articles[best].append(k)
        article_bags[best] = merge(article_bags[best], bags[k])
    return [sorted(g) for g in articles], margins


def _bag(members: list[int], bags: list[Bag]) -> Bag:
    out: Bag = {}
    for k in members:
        out = merge(out, bags[k])
    return out


def _fit(k: int, members: list[int], blocks: list[Block], bags: list[Bag], bag: Bag, scorer: LinkScorer) -> float:
    """How well block k belongs with an article's blocks: shared names, and text reading on across a join."""
    first, last = blocks[k].body[0], blocks[k].body[-1]
    join = 0.0
    for m in members:
        ids = blocks[m].body
        join = max(join, scorer.lm_gain(ids[-1], first), scorer.lm_gain(last, ids[0]))
    return _TOPIC_WEIGHT * cosine(bags[k], bag) + min(_JOIN_CAP, _JOIN_WEIGHT * join)


def _ending(k: int, members: list[int], blocks: list[Block], text: list[str]) -> float:
    """Evidence that block k continues the article of ``members`` where its text so far breaks off.

    * A block whose first bracket or quotation mark closes one (``陈效卫、万宇）``,
      the end of a byline) follows text that left it open.
    * A full column line that does not end a sentence must go on; when it is
      the last line of an article's last block before k and nothing of the
      article follows k, the article's end is missing, and a block of its
      width or narrower is the likeliest place for it.
    """
    before = [m for m in members if m < k]
    if not before:
        return 0.0
    closes = [pair for pair in MARK_PAIRS if first_mark(text[k], pair) == pair[1]]
    if closes:
        so_far = "".join(text[m] for m in before)
        return _DANGLING if any(first_mark(so_far[::-1], pair) == pair[0] for pair in closes) else 0.0
    if max(members) > k:
        return 0.0
    last = blocks[max(members)]
    widths = [blocks[m].width for m in members if blocks[m].sure]
    full = bool(widths) and last.last_len == max(widths)
    return _DANGLING if last.runs_on and full else 0.0


# A closing note: a whole block in brackets (``（赵永新）``, ``（本报内罗毕10月18日电）``).
_NOTE = regex.compile(r"^[（(][^（()）]+[)）]$")


def _closed_by_note(k: int, candidates: list[list[int]], blocks: list[Block], text: list[str]) -> int | None:
    """Which candidate article a closing note (byline, dateline) in block k closes, if block k is one.

    A note closes the article whose text has ended (its last line ends a
    sentence) with nothing of it after the note; of several, the one whose
    text ended last before the note.
    """
    if not _NOTE.match(text[k]):
        return None
    ended = [(max(g), m) for m, g in enumerate(candidates) if g and max(g) < k and not blocks[max(g)].runs_on]
    return max(ended)[1] if ended else None


def _split_shared(
    members: list[int], blocks: list[Block], bags: list[Bag], text: list[str], headed: Collection[int] = ()
) -> list[list[int]]:
    """Split the blocks of one width into articles where their names part ways.

    Two articles rarely share a width; when they do, their blocks still name
    different places, people and subjects.  Blocks are clustered
    agglomeratively (average cosine of their name bags); two clusters left
    that share almost no names and each hold real text are two articles.
    Two clusters that each hold a block of ``headed`` (one that starts with
    a headline) need more in common: each article has one headline.
    """
    clusters = [[k] for k in members]
    cbags = [bags[k] for k in members]
    while len(clusters) > 1:
        best, pair = -1.0, (0, 1)
        for a in range(len(clusters)):
            for b in range(a + 1, len(clusters)):
                c = cosine(cbags[a], cbags[b])
                if any(k in headed for k in clusters[a]) and any(k in headed for k in clusters[b]):
                    c -= _TWO_HEADLINES
                if c > best:
                    best, pair = c, (a, b)
        a, b = pair
        if best < _SPLIT_COSINE and min(_chars(clusters[a], text), _chars(clusters[b], text)) >= _SPLIT_CHARS:
            break
        clusters[a] += clusters.pop(b)
        cbags[a] = merge(cbags[a], cbags.pop(b))
    big = [c for c in clusters if _chars(c, text) >= _SPLIT_CHARS]
    if len(big) < 2:
        return [members]
    for c in clusters:  # small leftovers join the cluster whose names they share most
        if c not in big:
            host = max(big, key=lambda h: cosine(_bag(c, bags), _bag(h, bags)))
            host += c
    return [sorted(c) for c in big]


def _chars(members: list[int], text: list[str]) -> int:
    return sum(len(text[k]) for k in members)

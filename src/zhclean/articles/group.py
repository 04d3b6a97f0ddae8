"""Group chains into articles, then order each article's chains.

The fragment links keep only what they are sure of, so a page becomes some
dozens of chains: runs of text that are surely in order.  Which chains make
one article is a clustering question with symmetric evidence - the names
they share (:mod:`.topic`), the column width they were printed in, a good
join between the end of one and the start of the other - so chains are
clustered first (agglomerative, centroid linkage for topic and width, best
join between members).  Two clusters that both start with a headline merge
only on strong evidence.

Each article is then ordered: its headline first, then its chains in file
order (the next chain of the same article in the file is the likeliest
continuation, however many lines of other articles lie between).

Cost: c chains, c² cheap pair scores up front, full scores only for pairs the
cheap score does not rule out, and c affinity updates per merge: O(c²)
overall, with c well below the number of fragments.
"""

from __future__ import annotations

import bisect
import functools
import statistics
from dataclasses import dataclass, field

import regex

from .fragments import Fragment
from .links import _LM_WEIGHT, LinkScorer, word_prefixes
from .measure import first_mark
from .topic import Bag, TopicModel, cosine, merge

_TOPIC_WEIGHT = 10.0
SAME_COLUMN = 1.5
_LOOSE_COLUMN = 0.4  # a width match on a typeset page
_EXACT_SPREAD = 0.3  # em or characters
_COLUMN_SLOPE = 1.5
_COLUMN_CAP = 4.0
_TOLERANCE = 0.75
_JOIN_WEIGHT = 0.4
_JOIN_CAP = 2.5
_TWO_HEADLINES = 4.0
_OTHER_STYLE = 2.0
_STYLE_GAP = 0.6
_MERGE_THRESHOLD = 1.4
# Clusters of this much text that share (almost) no names are held apart by this much.
_STORY_CHARS = 200
_NO_SHARED_NAMES = 0.02
_STRANGERS = 1.0
# Fewer characters than this, and no headline: not an article on its own.
_SCRAP_CHARS = 40
# A link that leaves file order survives ordering only with a word spanning it this strongly.
_KEEP_JUMP = 3.0
_LM_JOIN = 0.8


@dataclass
class _Cluster:
    chains: list[int]
    bag: Bag
    columns: list[tuple[float, float]] = field(default_factory=list)
    headlines: int = 0
    packed: list[bool] = field(default_factory=list)
    chars: int = 0

    @property
    def packed_share(self) -> float | None:
        return sum(self.packed) / len(self.packed) if self.packed else None

    @property
    def column(self) -> tuple[float, float] | None:
        if not self.columns:
            return None
        return statistics.median(c[0] for c in self.columns), statistics.median(c[1] for c in self.columns)


def column_affinity(a: tuple[float, float] | None, b: tuple[float, float] | None, same: float = SAME_COLUMN) -> float:
    """Same column width (in em or in characters) is evidence for one article; different, against.

    ``same`` is what a match is worth on this page (see :func:`width_informativeness`).
    """
    if a is None or b is None:
        return 0.0
    diff = min(abs(a[0] - b[0]), abs(a[1] - b[1]))
    if diff <= _TOLERANCE:
        return same
    return -min(_COLUMN_CAP, _COLUMN_SLOPE * (diff - _TOLERANCE)) * same / SAME_COLUMN


def width_informativeness(chains: list[list[int]], scorer: LinkScorer) -> float:
    """What a width match is worth on this page.

    Text wrapped at a fixed character count gives every full line of a column
    exactly the same width, so a match is strong evidence; a typeset page
    (justified, mixed half- and full-width characters) gives widths that wander
    by an em within one column, and neighbouring columns are as wide, so a
    match says little.  The spread inside chains tells the two apart.
    """
    spreads = []
    for chain in chains:
        sides = [scorer.sides[n] for n in chain if not scorer.sides[n].complete and not scorer.sides[n].heading]
        if len(sides) >= 3:
            for values in ([x.width for x in sides], [x.width_n for x in sides]):
                mid = statistics.median(values)
                spreads.append(statistics.median(abs(v - mid) for v in values))
    if not spreads:
        return SAME_COLUMN
    return SAME_COLUMN if statistics.median(spreads) < _EXACT_SPREAD else _LOOSE_COLUMN


def chain_column(chain: list[int], scorer: LinkScorer) -> tuple[float, float] | None:
    """The chain's column width (em, characters), from its run-on lines.

    The upper quartile rather than the median: a chain may start with the
    short tail of a wrapped headline, but its full lines are the widest.
    """
    sides = [scorer.sides[n] for n in chain if not scorer.sides[n].complete and not scorer.sides[n].heading]
    if not sides:
        return None
    em = sorted(s.column for s in sides)
    chars = sorted(s.column_n for s in sides)
    return em[len(em) * 3 // 4], chars[len(chars) * 3 // 4]


_TILE_CHARS = 150  # characters of context either side of a link (TextTiling-style)
_TILE_MIN_COSINE = 0.06
_TILE_MIN_CHARS = 60


def cut_at_topic_shifts(
    frags: list[Fragment], chains: list[list[int]], scorer: LinkScorer, topics: TopicModel
) -> list[list[int]]:
    """Cut chains where a weakly supported link joins two different topics.

    A link that only file order supports (no word across the join, not the
    same input line, not adjacent lines of one block) is where two articles'
    text most often meet.  As in TextTiling, the names on either side of such
    a link are compared, and the chain is cut when they have almost nothing in
    common; the grouping step then decides again where each part belongs.
    """
    out: list[list[int]] = []
    for chain in chains:
        start = 0
        for k in range(1, len(chain)):
            i, j = chain[k - 1], chain[k]
            fi, fj = frags[i], frags[j]
            if fi.line == fj.line or fj.line == fi.line + 1 or scorer.sides[i].heading or scorer.lm_gain(i, j) >= _KEEP_JUMP:
                continue
            if _next_paragraph(i, j, scorer):
                continue
            left = _context(frags, chain[start:k][::-1])
            right = _context(frags, chain[k:])
            if min(len(left), len(right)) < _TILE_MIN_CHARS:
                continue  # too little text on one side to tell its topic
            if cosine(topics.bag(left), topics.bag(right)) < _TILE_MIN_COSINE:
                out.append(chain[start:k])
                start = k
        out.append(chain[start:])
    return out


def _next_paragraph(i: int, j: int, scorer: LinkScorer) -> bool:
    """Whether j is the next paragraph of i's article by layout alone.

    i ends a paragraph, j is the next text in the file, starts a paragraph and
    is set in i's column.  Paragraphs of one article change subject (and so
    share few names) far more often than two articles' text meets exactly at
    a paragraph break in one column.
    """
    a, b = scorer.sides[i], scorer.sides[j]
    if scorer.order.get(j) != scorer.order.get(i, -2) + 1 or not (a.para_end and b.para_start):
        return False
    return abs(a.column - b.column) <= _TOLERANCE or abs(a.column_n - b.column_n) <= _TOLERANCE


def _context(frags: list[Fragment], ids: list[int]) -> str:
    parts, size = [], 0
    for n in ids:
        parts.append(frags[n].text)
        size += len(frags[n].text)
        if size >= _TILE_CHARS:
            break
    return "".join(parts)


def _headed(frags: list[Fragment], chain: list[int], scorer: LinkScorer, col: tuple[float, float] | None) -> bool:
    """Whether the chain starts with a headline - not a column line tagged as one.

    A headline is set across the column or shorter than it, almost never at
    exactly the column's width; a "headline" of exactly that width that runs
    on into the next line is a column line.
    """
    head = chain[0]
    if frags[head].role != "headline":
        return False
    side = scorer.sides[head]
    if col is None:
        return True
    exact = abs(side.width - col[0]) <= 0.5 or abs(side.width_n - col[1]) <= 0.5
    return not (exact and not side.complete)


def group_chains(
    frags: list[Fragment],
    chains: list[list[int]],
    scorer: LinkScorer,
    topics: TopicModel,
    unsure: list[tuple[int, int, float]] | None = None,
) -> list[list[int]]:
    """Articles as lists of fragment indices in reading order.

    ``unsure`` collects (fragment, fragment of the article it joined, affinity)
    for pieces too small to stand alone that joined an article on weak evidence.
    """
    if not chains:
        return []
    chains = cut_at_topic_shifts(frags, chains, scorer, topics)
    clusters: dict[int, _Cluster] = {}
    for k, chain in enumerate(chains):
        col = chain_column(chain, scorer)
        clusters[k] = _Cluster(
            chains=[k],
            bag=topics.bag("".join(frags[n].text for n in chain)),
            columns=[col] * len(chain) if col is not None else [],
            headlines=int(_headed(frags, chain, scorer, col)),
            packed=[frags[n].nsegs >= 3 for n in chain if frags[n].role == "body"],
            chars=sum(len(frags[n].text) for n in chain),
        )
    joins = _joins(chains, scorer)
    same_width = width_informativeness(chains, scorer)

    def affinity(x: _Cluster, y: _Cluster) -> float:
        s = _TOPIC_WEIGHT * cosine(x.bag, y.bag) + column_affinity(x.column, y.column, same_width)
        s += max((joins.get((a, b), 0.0) for a in x.chains for b in y.chains), default=0.0)
        if x.headlines and y.headlines:
            s -= _TWO_HEADLINES
        if min(x.chars, y.chars) >= _STORY_CHARS and cosine(x.bag, y.bag) < _NO_SHARED_NAMES:
            # Two stretches of text long enough to tell a story, with no names
            # in common: a matching column width alone does not make them one.
            s -= _STRANGERS
        px, py = x.packed_share, y.packed_share
        if px is not None and py is not None and abs(px - py) > _STYLE_GAP:
            # One extracted as whole paragraphs, the other line by line: the
            # extractor treats one region of the page one way.
            s -= _OTHER_STYLE
        return s

    keys = sorted(clusters)
    aff = {(a, b): affinity(clusters[a], clusters[b]) for i, a in enumerate(keys) for b in keys[i + 1 :]}
    while aff:
        (a, b), best = max(aff.items(), key=lambda kv: kv[1])
        if best < _MERGE_THRESHOLD:
            break
        x, y = clusters[a], clusters.pop(b)
        x.chains += y.chains
        x.bag = merge(x.bag, y.bag)
        x.columns += y.columns
        x.headlines += y.headlines
        x.packed += y.packed
        x.chars += y.chars
        aff = {k: v for k, v in aff.items() if b not in k}
        for c in clusters:
            if c != a:
                aff[(min(a, c), max(a, c))] = affinity(x, clusters[c])
    _absorb_scraps(frags, chains, clusters, affinity, unsure if unsure is not None else [])
    return [order_article(frags, [chains[k] for k in c.chains], scorer) for c in clusters.values()]


def _absorb_scraps(frags, chains, clusters, affinity, unsure: list[tuple[int, int, float]]) -> None:
    """A cluster too small to be an article (a line or two, no headline) joins its best match."""
    def size(c: _Cluster) -> int:
        return sum(len(frags[n].text) for k in c.chains for n in chains[k])

    for key in sorted(clusters, key=lambda k: size(clusters[k])):
        c = clusters[key]
        if c.headlines or size(c) >= _SCRAP_CHARS or len(clusters) < 2:
            continue
        host = max((k for k in clusters if k != key), key=lambda k: affinity(c, clusters[k]))
        h = clusters[host]
        unsure.append((chains[c.chains[0]][0], chains[h.chains[0]][0], affinity(c, h)))
        h.chains += c.chains
        h.bag = merge(h.bag, c.bag)
        h.columns += c.columns
        h.packed += c.packed
        h.chars += c.chars
        del clusters[key]


def _joins(chains: list[list[int]], scorer: LinkScorer) -> dict[tuple[int, int], float]:
    """Symmetric join evidence between chains: a word spanning the end of one and the start of the other.

    File order is deliberately left out: two chains that sit next to each
    other but did not link are as likely to be two articles as one.
    """
    out: dict[tuple[int, int], float] = {}
    for a, A in enumerate(chains):
        for b, B in enumerate(chains):
            if a == b or scorer.sides[A[-1]].complete or not scorer.spans_word(A[-1], B[0]):
                continue
            s = min(_JOIN_CAP, _JOIN_WEIGHT * scorer.lm_gain(A[-1], B[0]))
            if s > 0:
                key = (min(a, b), max(a, b))
                out[key] = max(out.get(key, 0.0), s)
                out[(key[1], key[0])] = out[key]
    return out


def order_article(frags: list[Fragment], chains: list[list[int]], scorer: LinkScorer) -> list[int]:
    """Put one article's chains in reading order: headline first, then file order.

    Within one article, extraction keeps the order of its column blocks far
    more often than not, so file order decides - except where a link jumps
    and a word runs across it (``…摩托`` / ``车、电动车…``): such a jump is kept.
    Weaker jumps, and weak links from one text block to the next, are undone
    (measured to do better than trusting them), and then neighbouring pieces
    whose joins read clearly better swapped are swapped back.
    """
    pieces: list[list[int]] = []
    for chain in chains:
        start = 0
        for k in range(1, len(chain)):
            i, j = chain[k - 1], chain[k]
            jumps = scorer.order.get(j, -1) != scorer.order.get(i, -2) + 1 or (
                scorer.blocks_separated and scorer.block[i] != scorer.block[j]
            )
            if jumps and scorer.lm_gain(i, j) < _KEEP_JUMP:
                pieces.append(chain[start:k])
                start = k
        pieces.append(chain[start:])
    ordered = [n for c in order_pieces(frags, pieces, scorer) for n in c]
    return ordered if scorer.blocks_separated else reseat_stray_lines(frags, ordered, scorer)


# A word this strong running across a join places a stray line (``…岁末年`` / ``初安全生产…``).
_STRAY_PULL = 3.0
# A join with less than this across it holds nothing together.
_LOOSE_JOIN = 1.0
# What a move must gain on the joins it cuts, prior aside: as much as file order's prior for the next line.
_MOVE_MARGIN = 3.0


def reseat_stray_lines(
    frags: list[Fragment], ordered: list[int | None], scorer: LinkScorer, reach: int | None = None
) -> list[int | None]:
    """Move single lines that sit loose in file order to where a word runs across their join.

    A paragraph's first line printed after its own continuation
    (``自省、市安委会安排部署岁末年`` after ``…以来``, before ``初安全生产…``)
    reads on into neither neighbour.  Such a line moves next to the line it
    runs into (or that runs into it) only when all of this holds: a word
    spans the new join strongly; no word holds the line to either
    neighbour, nor holds together the join it cuts into; and the joins made
    beat the joins cut (sentence ends and the language model) by at least
    file order's own prior.  A segment inside a line (between two of its own
    printed lines) never moves, and each line moves at most once.

    ``None`` in ``ordered`` separates runs (chains) that do not join.  With
    ``reach``, a line moves only to a fragment at most that many places
    from it in file order: across a whole page, a chance word between two
    distant lines is likelier than a line misplaced that far.
    """
    order = list(ordered)
    body = [n for n in order if n is not None and frags[n].role == "body"]
    if len(body) < 3:
        return order

    def loose(a: int | None, b: int | None) -> bool:
        if a is None or b is None or frags[a].role != "body" or frags[b].role != "body":
            return True
        return scorer.lm_gain(a, b) < _LOOSE_JOIN

    def evidence(a: int | None, b: int | None) -> float:
        # The link score without the file-order prior, and without column width:
        # off an exact-width page, widths wander too much to move a line.
        return 0.0 if a is None or b is None else scorer.sentence(a, b) + _LM_WEIGHT * scorer.lm_gain(a, b)

    def neighbours(n: int) -> tuple[int | None, int | None]:
        k = order.index(n)
        return (order[k - 1] if k else None), (order[k + 1] if k + 1 < len(order) else None)

    def pull(a: int, b: int) -> float:
        if not scorer.spans_word(a, b):
            return 0.0
        gain = scorer.lm_gain(a, b)
        return gain if gain >= _STRAY_PULL else 0.0

    moves: list[tuple[float, int, int, bool]] = []  # (pull, line, anchor, line goes before anchor)
    members = set(body)
    pairs = word_pairs(body, scorer)
    if reach is not None:
        far = scorer.order
        pairs = [(i, j) for i, j in pairs if abs(far[i] - far[j]) <= reach]

    def movable(x: int) -> bool:
        if 0 < frags[x].seg < frags[x].nsegs - 1:
            return False  # inside a line: its neighbours are its own printed lines
        p, q = neighbours(x)
        return loose(p, x) and loose(x, q)

    stray = {x: movable(x) for x in body}
    for i, j in pairs:
        if i not in members or j not in members or i == j:
            continue
        if stray[i] and (g := pull(i, j)):
            moves.append((g, i, j, True))
        if stray[j] and (g := pull(i, j)):
            moves.append((g, j, i, False))
    moved: set[int] = set()
    for _, x, y, before in sorted(moves, key=lambda m: (-m[0], m[1], m[2])):
        if x in moved or y in moved:
            continue
        p, q = neighbours(x)
        if not (loose(p, x) and loose(x, q)):
            continue
        yp, yq = neighbours(y)
        a, b = (yp, y) if before else (y, yq)
        if x in (a, b) or not loose(a, b) or not _across_lines(frags, a, b):
            continue
        made = evidence(p, q) + evidence(a, x) + evidence(x, b)
        cut = evidence(p, x) + evidence(x, q) + evidence(a, b)
        if made - cut < _MOVE_MARGIN:
            continue
        order.remove(x)
        order.insert(order.index(y) + (0 if before else 1), x)
        moved.update((x, y))
    return order


def word_pairs(nodes: list[int], scorer: LinkScorer) -> list[tuple[int, int]]:
    """Every (i, j) where a dictionary word can run from i's end into j's first character.

    Found through an index of first characters, not by trying every pair.
    """
    prefixes = word_prefixes()
    by_first: dict[str, list[int]] = {}
    for n in nodes:
        head = scorer.sides[n].head
        if head:
            by_first.setdefault(head[0], []).append(n)
    out = []
    for i in nodes:
        side = scorer.sides[i]
        if side.complete:
            continue
        firsts = {ch for m in range(1, min(3, len(side.tail)) + 1) for ch in by_first if side.tail[-m:] + ch in prefixes}
        out.extend((i, j) for ch in firsts for j in by_first[ch] if j != i)
    return out


def _across_lines(frags: list[Fragment], a: int | None, b: int | None) -> bool:
    return a is None or b is None or frags[a].line != frags[b].line


def order_pieces(
    frags: list[Fragment], pieces: list[list[int]], scorer: LinkScorer, lead_by_headline: bool = True, use_width: bool = True
) -> list[list[int]]:
    """Pieces that are each surely in order, put in reading order: headline first, then file order, swaps undone.

    Without ``lead_by_headline`` a headline does not jump to the front: where
    whole blocks are kept, an article's first block is almost always first in
    the file, and a "headline" further down is a subhead.
    """
    col = chain_column([n for c in pieces for n in c], scorer)
    heads = [c for c in pieces if lead_by_headline and _headed(frags, c, scorer, col)]
    first = min(frags[c[0]].index for c in pieces)
    # A headline leads unless it sits in the running text: other text of the
    # article comes before it in the file and it reads on into its own body.
    leads = [c[0] for c in heads if frags[c[0]].index == first or len(c) == 1 or frags[c[1]].role != "body"]
    lead = min(leads) if leads else None
    pieces.sort(key=lambda c: (c[0] != lead, frags[c[0]].index))
    body_start = 1 if pieces and pieces[0][0] == lead else 0
    pieces[body_start:] = sorted(pieces[body_start:], key=functools.cmp_to_key(_file_order_vote))
    if scorer.blocks_separated:
        # Whole column blocks are what a reader takes in the wrong order; where
        # every line stands apart there are no blocks to swap back.
        pieces = best_order(pieces, scorer, fixed=1 if lead is not None else 0, use_width=use_width)
    return pieces


def _file_order_vote(x: list[int], y: list[int]) -> int:
    """Which of two pieces comes first: the order most of their fragment pairs have in the file.

    A piece holding a kept jump (``…脱贫攻`` / ``坚的一线…``) spans two places in
    the file.  Sorting it by its first fragment puts it after everything
    between those places; ordering pieces so that the fewest fragment pairs
    contradict the file keeps file order as the prior for all of the piece's
    text.  Pieces without a jump are runs of file order and never interleave,
    so for them this is plain file order.
    """
    ys = sorted(y)
    before = sum(len(ys) - bisect.bisect_right(ys, n) for n in x)  # pairs with x's fragment first
    after = len(x) * len(y) - before
    if before != after:
        return -1 if before > after else 1
    return -1 if x[0] < y[0] else 1


# Quotation and bracket pairs, each tracked on its own: a ``‘…’`` inside a
# ``“…”`` says nothing about whether the double quotation is open.
_QUOTE_PAIRS = (("“「", "”」"), ("‘『", "’』"), ("（(", "）)"), ("《", "》"))
# What closing a quotation that was never opened costs an ordering…
_QUOTE_COST = 2.0
# …what a quotation left open through a whole piece costs at most (see :func:`_enters`)…
_QUOTE_SPANS = 2.0
# …and the characters of speech over which that cost grows by one.
_SPEECH_CHARS = 80


def piece_join(x: list[int], y: list[int], scorer: LinkScorer, use_width: bool = True, quotes: bool = True) -> float:
    """How well piece y reads on from piece x: sentence ends, column width, a word across the join, quotation state.

    Without ``use_width``: pieces grouped by their exact column width all
    have it, and the width term would only tell full lines from paragraph
    ends, which says nothing about order.  Without ``quotes``, the caller
    tracks quotation state along the whole order (:func:`best_order`).
    """
    i, j = x[-1], y[0]
    s = scorer.sentence(i, j) + _LM_JOIN * scorer.lm_gain(i, j)
    if use_width:
        s += scorer.width(i, j)
    if quotes:
        text = scorer.frags
        left = quote_marks("".join(text[n].text for n in x))
        right = quote_marks("".join(text[n].text for n in y))
        # Pair by pair, where both pieces hold marks: x leaves a quotation open, y starts outside it, or the reverse.
        if any(a is not None and b is not None and a[1] != b[0] for a, b in zip(left, right)):
            s -= _QUOTE_COST
    return s


# Marks that show a quotation is speech (clauses and sentences), not a quoted name or term.
_CLAUSE_MARKS = frozenset("，。；：！？,;:!?")


def quote_marks(text: str) -> tuple[tuple[bool, bool, bool] | None, ...]:
    """For each of ``_QUOTE_PAIRS``: (first mark closes one, last mark opens one, the open quotation is speech), or None.

    A quotation left open that already holds a clause (``“临海农商银行推出的‘年审贷’，可以``)
    is speech and may run on for several blocks; one that does not (``“月球与``) is
    a quoted name, which closes within a few characters.
    """
    out: list[tuple[bool, bool, bool] | None] = []
    for pair in _QUOTE_PAIRS:
        first = first_mark(text, pair)
        if first is None:
            out.append(None)
            continue
        last = max(text.rfind(ch) for ch in pair[0] + pair[1])
        opens = text[last] in pair[0]
        out.append((first == pair[1], opens, opens and any(ch in _CLAUSE_MARKS for ch in text[last + 1 :])))
    return tuple(out)


_LETTER = regex.compile(r"[\p{L}\p{N}]")


def _piece_text(frags: list[Fragment], piece: list[int]) -> str:
    """A piece's text with the symbol-only lines that follow its fragments in the file (a ``”`` wrapped onto a line of its own).

    Such lines are left out of the pieces (they have nothing to link), but
    their marks close the piece's quotation.
    """
    parts = []
    for n in piece:
        parts.append(frags[n].text)
        n += 1
        while n < len(frags) and not _LETTER.search(frags[n].text):
            parts.append(frags[n].text)
            n += 1
    return "".join(parts)


def _enters(marks: tuple[tuple[bool, bool, bool] | None, ...], open_: tuple[int, ...], chars: int) -> tuple[tuple[int, ...], bool, float]:
    """Reading a piece (its ``marks``, ``chars`` long) in quotation state ``open_``:
    the state after it, whether its marks contradict the state, and what a
    quotation left open through the whole piece costs.

    State per pair: 0 closed, 1 open (a quoted name or term so far), 2 open
    speech.  A quoted name closes within the block that opens it, so running
    on through a whole piece costs ``_QUOTE_SPANS`` (and makes it speech);
    speech runs on through pieces without marks at a cost that grows with
    their length (quotations seldom run for hundreds of characters).
    """
    state = list(open_)
    clash = False
    cost = 0.0
    for k, m in enumerate(marks):
        if m is None:
            if state[k] == 1:
                cost, state[k] = max(cost, _QUOTE_SPANS), 2
            elif state[k] == 2:
                cost = max(cost, min(_QUOTE_SPANS, chars / _SPEECH_CHARS))
            continue
        clash = clash or m[0] != (state[k] > 0)
        state[k] = 2 if m[2] else int(m[1])
    return tuple(state), clash, cost


def swap_margins(pieces: list[list[int]], scorer: LinkScorer, use_width: bool = True) -> list[float]:
    """For each neighbouring pair of pieces in ``pieces``, how much better the joins read in this order than swapped."""

    def join(x: list[int] | None, y: list[int] | None) -> float:
        return 0.0 if x is None or y is None else piece_join(x, y, scorer, use_width)

    out = []
    for k in range(len(pieces) - 1):
        a = pieces[k - 1] if k else None
        b, c = pieces[k], pieces[k + 1]
        d = pieces[k + 2] if k + 2 < len(pieces) else None
        out.append(join(a, b) + join(b, c) + join(c, d) - join(a, c) - join(c, b) - join(b, d))
    return out


# Largest distance (in pieces) a piece may move from its file position.
_REACH = 2
# What each pair of pieces read against file order costs (log-odds that a reader swapped them).
_INVERSION_COST = 1.4
_BETWEEN_COST = 2.0
# What ending an article on a full line that runs on costs an ordering.
_OPEN_END = 2.0


def best_order(pieces: list[list[int]], scorer: LinkScorer, fixed: int, use_width: bool = True) -> list[list[int]]:
    """The order of ``pieces`` that reads best, each within ``_REACH`` of its file position.

    Score = sum of the joins between neighbours, minus ``_INVERSION_COST``
    for each pair read against file order.  Exact dynamic programme over
    permutations of bounded displacement: the state is the last piece and
    which pieces of the window around the current position are used, so the
    cost is O(m · 2^(2R+1) · (2R+1)²), linear in the number of pieces m.
    """
    head, body = pieces[:fixed], pieces[fixed:]
    m = len(body)
    if m < 2:
        return pieces
    cache: dict[tuple[int, int], float] = {}

    def join(x: int, y: int) -> float:
        key = (x, y)
        if key not in cache:
            cache[key] = piece_join(head[-1] if x < 0 else body[x], body[y], scorer, use_width, quotes=False)
        return cache[key]

    def swap_cost(q: int, p: int) -> float:
        # q comes before p in the file; reading p first undoes a reader's swap.
        # A reader swaps neighbouring blocks, so text of other blocks between
        # the two makes a swap unlikely.
        between = scorer.block[body[p][0]] - scorer.block[body[q][-1]] - 1
        return _INVERSION_COST + _BETWEEN_COST * max(0, between)

    # Quotation state is carried along the order (a piece without marks
    # leaves it as it was), so a quotation open over several blocks costs
    # nothing, and a piece whose marks contradict the state costs _QUOTE_COST.
    texts = [_piece_text(scorer.frags, piece) for piece in body]
    marks = [quote_marks(t) for t in texts]
    quoted: tuple[int, ...] = (0,) * len(_QUOTE_PAIRS)
    for piece in head:
        t = _piece_text(scorer.frags, piece)
        quoted = _enters(quote_marks(t), quoted, len(t))[0]
    width = 2 * _REACH + 1
    # state: (mask of used pieces base..base+width-1 where base = t - _REACH, last, quotation state) -> score
    start_last = -1 if head else -2
    states: dict[tuple[int, int, tuple[int, ...]], float] = {(0, start_last, quoted): 0.0}
    back: list[dict[tuple[int, int, tuple[int, ...]], tuple[int, int, tuple[int, ...]]]] = []
    for t in range(m):
        base = t - _REACH
        nxt: dict[tuple[int, int, tuple[int, ...]], float] = {}
        bk: dict[tuple[int, int, tuple[int, ...]], tuple[int, int, tuple[int, ...]]] = {}
        for (mask, last, q), score in states.items():
            for off in range(width):
                p = base + off
                if p < 0 or p >= m or mask >> off & 1:
                    continue
                # Pieces before p not yet used are read after it: inversions.
                inv = sum(swap_cost(base + o, p) for o in range(off) if base + o >= 0 and not mask >> o & 1)
                q2, clash, spans = _enters(marks[p], q, len(texts[p]))
                s = score - inv + (join(last, p) if last != -2 else 0.0)
                s -= (_QUOTE_COST if clash else 0.0) + spans
                new = mask | 1 << off
                if new & 1 == 0 and base >= 0:
                    continue  # piece base would be left behind for good
                key = (new >> 1, p, q2)
                if s > nxt.get(key, float("-inf")):
                    nxt[key] = s
                    bk[key] = (mask, last, q)
        states = nxt
        back.append(bk)
    column = max(scorer.sides[n].width_n for piece in body for n in piece)

    def open_end(p: int) -> float:
        # A full column line that does not end a sentence must go on: the
        # article cannot end there.
        side = scorer.sides[body[p][-1]]
        return _OPEN_END if not side.complete and side.width_n >= column else 0.0

    key = max(states, key=lambda k: states[k] - open_end(k[1]))
    order = []
    for t in range(m - 1, -1, -1):
        order.append(key[1])
        key = back[t][key]
    return head + [body[p] for p in reversed(order)]

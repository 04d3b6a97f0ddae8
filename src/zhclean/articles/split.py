"""Reassemble interleaved articles: fragments -> chains -> articles.

1. :func:`~.fragments.fragment_text` cuts the page where reading order may
   break (every printed line; a ``kicker: headline`` line in two).
2. Text that is not set in columns (a whole paragraph per line) cannot have
   been read in the wrong column order: it is returned as one article, as is.
3. Otherwise the fragments are linked into chains that are surely in order
   (:mod:`.links` scores each "j continues i", :mod:`.assign` takes a path
   cover best-first).
4. Chains are grouped into articles by shared names, column width and
   word-spanning joins, and each article is put in reading order
   (:mod:`.group`).  Where the page comes in blocks of lines wrapped at an
   exact character count, the blocks themselves are grouped by column width
   instead (:mod:`.columns`), and each article's blocks ordered by
   :func:`.group.best_order`.
5. Kickers, bylines, captions and credits are attached to their articles.

Every fragment ends up in exactly one article (or, if it has no letters or
digits at all, in ``unplaced``), so no input character is lost.  Links the
scores do not clearly prefer are reported in ``uncertain``.

Speed: a page of 300 fragments splits in well under a second on one core
(``scripts/eval_articles.py --speed``).  Candidate links come from a window of
file order plus a first-character index of word continuations, so link
scoring grows linearly with the page; grouping is quadratic in the number of
chains, which is a fraction of the fragments.  For inputs far larger than a
page (a whole issue in one file), split at page breaks or form feeds first -
articles do not continue across pages without a jump line - and run each page
on its own, in parallel if need be.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import regex

from .assign import Chains, greedy_path_cover
from .fragments import Fragment, fragment_text
from .columns import exact_blocks, split_blocks
from .group import SAME_COLUMN, chain_column, group_chains, reseat_stray_lines, width_informativeness
from .links import LinkScorer
from .measure import display_width, ends_sentence
from .topic import TopicModel, cosine, merge

HEADINGS = frozenset({"headline", "subhead"})
# Roles linked into reading order (headings included: a column line mistagged
# as a heading is linked back into its column by the evidence).
_LINKED = frozenset({"body"}) | HEADINGS
# Roles the reader skips when deciding which body lines are adjacent.
_ASIDE = frozenset({"caption", "credit", "furniture"})

# Stage 2 (body fragments).
_LINK_THRESHOLD = 1.0
_UNSURE_MARGIN = 1.0


@dataclass(frozen=True)
class Link:
    """A chosen "b follows a" link the scores did not clearly prefer."""

    before: Fragment
    after: Fragment
    score: float
    margin: float
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "before": _frag_ref(self.before),
            "after": _frag_ref(self.after),
            "score": round(self.score, 2),
            "margin": round(self.margin, 2),
            "reason": self.reason,
        }


@dataclass
class Article:
    """One article: its fragments in reading order, with its headline and byline.

    ``fragments`` holds everything that belongs to the article: kickers and
    headline first, then the body (subheads where they stand), then byline,
    captions and credits.
    """

    fragments: list[Fragment]
    headline: str = ""
    byline: str = ""
    kicker: str = ""
    #: The input itself, when the page holds this one article in reading order:
    #: its own line breaks are then the best rendering there is.
    verbatim: str | None = None

    @property
    def text(self) -> str:
        return self.verbatim if self.verbatim is not None else render(self.fragments)

    def to_dict(self) -> dict[str, Any]:
        return {
            "headline": self.headline,
            "kicker": self.kicker,
            "byline": self.byline,
            "text": self.text,
            "fragments": [_frag_ref(f) for f in self.fragments],
        }


@dataclass
class SplitResult:
    articles: list[Article]
    unplaced: list[Fragment] = field(default_factory=list)
    uncertain: list[Link] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "articles": [a.to_dict() for a in self.articles],
            "unplaced": [_frag_ref(f) for f in self.unplaced],
            "uncertain": [u.to_dict() for u in self.uncertain],
        }


def _frag_ref(f: Fragment) -> dict[str, Any]:
    """Where a fragment came from: 1-based input line, character columns in that line, offsets in the input."""
    return {
        "line": f.line + 1,
        "columns": [f.col, f.col + len(f.text)],
        "offsets": [f.start, f.end],
        "role": f.role,
        "text": f.text,
    }


# ---------------------------------------------------------------------------


def split_document(text: str) -> SplitResult:
    """Split ``text`` into articles (see the module docstring)."""
    frags = fragment_text(text)
    if not frags:
        return SplitResult(articles=[])
    unplaced = [f for f in frags if not regex.search(r"[\p{L}\p{N}]", f.text)]
    placed = [f for f in frags if f not in set(unplaced)]
    body = [f.index for f in placed if f.role in _LINKED]
    if not _is_columnar([frags[n] for n in body]):
        # Whole paragraphs per line: no printed columns whose blocks a reader
        # could have taken in the wrong order.  Keep the text as it is.
        return _as_it_is(text, frags)
    order = _body_order(frags)
    topics = TopicModel(text.split("\n"))
    scorer = LinkScorer(frags, body, order)
    links = scorer.candidates()
    chains = greedy_path_cover(links, _LINK_THRESHOLD, {n for n in body if scorer.sides[n].para_end})
    if not _interleaved(chains, body, scorer):
        # Set in columns but read in order: nothing to undo.
        return _as_it_is(text, frags)
    uncertain = _unsure_links(frags, links, chains)
    scraps: list[tuple[int, int, float]] = []
    # Symbol-only lines inside a block (a closing ``”`` wrapped onto a line of its own) stay in it.
    blocks = exact_blocks(frags, [f.index for f in frags], set(body), text.split("\n")) if scorer.blocks_separated else None
    if blocks is not None:
        groups, doubts = split_blocks(frags, blocks, scorer, topics)
        uncertain = [Link(frags[d.before], frags[d.after], 0.0, d.margin, d.reason) for d in doubts]
        inside = {n for b in blocks for n in b.ids}
        unplaced = [f for f in unplaced if f.index not in inside]
        assembled = _place_furniture(frags, placed, groups, topics)
    else:
        found = chains.chains(body)
        if not scorer.blocks_separated:
            found = _reseat_across_chains(frags, found, scorer)
        assembled = _assemble(frags, placed, found, scorer, topics, scraps)
    for piece, host, affinity in scraps:
        uncertain.append(Link(frags[host], frags[piece], affinity, 0.0, "too short to stand alone; joined the article it resembles most"))
    articles = [_make_article(frags, ids) for ids in assembled]
    articles.sort(key=lambda a: min(f.index for f in a.fragments))
    return SplitResult(articles=articles, unplaced=unplaced, uncertain=uncertain)


def _as_it_is(text: str, frags: list[Fragment]) -> SplitResult:
    """One article holding the whole input, in file order and with its own line breaks."""
    article = _make_article(frags, [f.index for f in frags])
    article.verbatim = text.strip("\n")
    return SplitResult(articles=[article])


# A printed column is rarely wider than this (em); a longer line is a whole paragraph.
_WIDEST_COLUMN = 40.0
# Share of body text that must sit in column-width pieces for the page to be read as columns.
_COLUMNAR_SHARE = 0.5


def _is_columnar(body: list[Fragment]) -> bool:
    """Whether the text is set in printed columns (lines or segments of column width).

    Interleaving happens when a reader takes column blocks in the wrong order;
    text that comes one whole paragraph per line has no column blocks, so it
    is left in file order as one article.
    """
    total = sum(len(f.text) for f in body)
    narrow = sum(len(f.text) for f in body if display_width(f.text) <= _WIDEST_COLUMN)
    return total > 0 and narrow >= _COLUMNAR_SHARE * total


# A link out of file order with a word this strong across it is evidence of interleaving.
_JUMP_EVIDENCE = 3.0
# Printed lines a column width needs before it counts as a second column on the page.
_COLUMN_EVIDENCE = 6


def _interleaved(chains: Chains, body: list[int], scorer: LinkScorer) -> bool:
    """Whether the page shows any sign of text read out of order.

    Either a chosen link leaves file order with a word spanning it, or (where
    lines are wrapped at an exact width) text is set in two or more column
    widths.  Without either, reordering could only come from weak evidence,
    and a single article set in one column must come out untouched.
    """
    pos = {n: k for k, n in enumerate(body)}
    for i, j in chains.succ.items():
        if pos[j] != pos[i] + 1 and scorer.lm_gain(i, j) >= _JUMP_EVIDENCE:
            return True
    found = chains.chains(body)
    if width_informativeness(found, scorer) < SAME_COLUMN:  # widths wander: not evidence
        return False
    widths: dict[float, int] = {}
    for chain in found:
        col = chain_column(chain, scorer)
        if col is not None:
            # Printed lines that run on: a short line split at a space
            # (``干群手拉手 合力谋脱贫``, a two-part heading) is one line, not a column.
            lines = {scorer.frags[n].line for n in chain if not scorer.sides[n].complete and not scorer.sides[n].heading}
            widths[col[1]] = widths.get(col[1], 0) + len(lines)
    groups: list[list[float]] = []
    for w in sorted(widths):
        if groups and w - groups[-1][-1] <= 0.75:
            groups[-1].append(w)
        else:
            groups.append([w])
    return sum(1 for g in groups if sum(widths[w] for w in g) >= _COLUMN_EVIDENCE) >= 2


def split_articles(text: str) -> list[Article]:
    """The articles of ``text`` in page order, each with its fragments in reading order."""
    return split_document(text).articles


def _body_order(frags: list[Fragment]) -> dict[int, int]:
    """File-order positions of linked fragments; bylines and kickers leave a gap."""
    order: dict[int, int] = {}
    pos = 0
    last = ""
    for f in frags:
        if f.role in _LINKED:
            order[f.index] = pos
            pos += 1
            last = f.role
        elif f.role not in _ASIDE and last not in HEADINGS:
            # A byline under a headline does not separate it from its text.
            pos += 2
    return order


def _unsure_links(frags: list[Fragment], links: list[tuple[float, int, int]], chains: Chains) -> list[Link]:
    """Chosen links whose best rival (for either end) scores within the margin."""
    best_out: dict[int, list[float]] = {}
    best_in: dict[int, list[float]] = {}
    for s, i, j in links:
        best_out.setdefault(i, []).append(s)
        best_in.setdefault(j, []).append(s)
    out = []
    for (i, j), s in chains.score.items():
        rivals = sorted(best_out[i], reverse=True)[1:2] + sorted(best_in[j], reverse=True)[1:2]
        margin = s - max(rivals) if rivals else s
        moved = frags[j].index != frags[i].index + 1
        if margin < _UNSURE_MARGIN and moved:
            out.append(Link(frags[i], frags[j], s, margin, "another continuation scores almost as well"))
    return out


# -- stage 3 -----------------------------------------------------------------


# Fragments of file order within which a stray line is looked for across the page.
_STRAY_REACH = 24


def _reseat_across_chains(frags: list[Fragment], chains: list[list[int]], scorer: LinkScorer) -> list[list[int]]:
    """Move stray lines between chains before grouping (:func:`.group.reseat_stray_lines`).

    A paragraph's first line displaced after its own continuation is linked
    by file order into whatever text follows it, often another article's;
    moved back to its paragraph, it is grouped with its own article.
    """
    flat: list[int | None] = [n for chain in chains for n in (*chain, None)]
    out: list[list[int]] = [[]]
    for n in reseat_stray_lines(frags, flat, scorer, reach=_STRAY_REACH):
        if n is None:
            out.append([])
        else:
            out[-1].append(n)
    return [c for c in out if c]


def _assemble(
    frags: list[Fragment],
    placed: list[Fragment],
    chains: list[list[int]],
    scorer: LinkScorer,
    topics: TopicModel,
    unsure: list[tuple[int, int, float]],
) -> list[list[int]]:
    groups = group_chains(frags, chains, scorer, topics, unsure)
    return _place_furniture(frags, placed, groups, topics, adopt=True)


def _place_furniture(
    frags: list[Fragment], placed: list[Fragment], groups: list[list[int]], topics: TopicModel, adopt: bool = False
) -> list[list[int]]:
    """Headlines to the articles they name, then kickers, bylines and captions to theirs.

    With ``adopt``, text left without a headline first joins the headed
    article whose names it shares (see :func:`_adopt_headless`).
    """
    _rehome_headlines(frags, groups, topics)
    if adopt:
        _adopt_headless(frags, groups, topics)
        groups[:] = [g for g in groups if g]
    _attach_furniture(frags, placed, groups, topics)
    return [g for g in groups if g]


# A headline moves to a headless article whose text names its subject this clearly…
_HEADLINE_HOME = 0.15
# …and this much more clearly than the text it stands over.
_HEADLINE_MARGIN = 0.1


def _rehome_headlines(frags: list[Fragment], groups: list[list[int]], topics: TopicModel) -> None:
    """Move a headline to the headless article it names (in place).

    Headlines printed one above another (``湘潭高新区:持续推进"戴帽工程"`` over
    another article's first lines) are linked to whatever text follows them
    in the file; an article left without a headline whose text shares the
    headline's names is where it belongs.
    """
    bags = [topics.bag("".join(frags[n].text for n in g if frags[n].role == "body")) for g in groups]

    def headless(g: list[int]) -> bool:
        return not any(frags[n].role in HEADINGS for n in _top(frags, g))

    for k, g in enumerate(groups):
        top = _top(frags, g)
        # A headline at the top of an article, or one stranded inside another article's text.
        movable = [n for n in g if frags[n].role in HEADINGS and (n in top or frags[n].role == "headline")]
        for n in movable:
            head = topics.bag(frags[n].text)
            here = cosine(head, bags[k])
            homes = [m for m, h in enumerate(groups) if m != k and h and headless(h)]
            if not homes:
                break
            best = max(homes, key=lambda m: cosine(head, bags[m]))
            there = cosine(head, bags[best])
            if there >= _HEADLINE_HOME and there > here + _HEADLINE_MARGIN:
                g.remove(n)
                groups[best].insert(0, n)


# Headless text joins a headed article whose names it shares at least this much.
_ADOPT_COSINE = 0.12


def _adopt_headless(frags: list[Fragment], groups: list[list[int]], topics: TopicModel) -> None:
    """Give text that has no headline to the headed article it names (in place).

    Every article on a page has a headline; a group of text without one is a
    part of some article that the links and the grouping could not tie to it.
    The article whose text shares its names (places, organisations) most
    takes it, if the names overlap clearly; the two parts keep file order.
    """
    def headed(g: list[int]) -> bool:
        return any(frags[n].role == "headline" for n in g)

    bags = [topics.bag("".join(frags[n].text for n in g if frags[n].role == "body")) for g in groups]
    for k in sorted(range(len(groups)), key=lambda k: len(groups[k])):
        g = groups[k]
        if not g or headed(g):
            continue
        hosts = [m for m, h in enumerate(groups) if m != k and h and headed(h)]
        if not hosts:
            return
        best = max(hosts, key=lambda m: cosine(bags[k], bags[m]))
        if cosine(bags[k], bags[best]) < _ADOPT_COSINE:
            continue
        host = groups[best]
        top = _top(frags, host)
        rest = host[len(top) :]
        parts = sorted([p for p in (rest, list(g)) if p], key=min)
        host[:] = top + [n for p in parts for n in p]
        bags[best] = merge(bags[best], bags[k])
        g.clear()


def _top(frags: list[Fragment], group: list[int]) -> list[int]:
    """The fragments before an article's first line of body text."""
    out = []
    for n in group:
        if frags[n].role == "body":
            break
        out.append(n)
    return out


def _attach_furniture(frags: list[Fragment], placed: list[Fragment], groups: list[list[int]], topics: TopicModel) -> None:
    """Give kickers, bylines, captions and credits to their articles (in place).

    * A byline closes the article of the text just before it in the file (on
      its own line or at the end of a line of text), or opens the article of
      the headline just above it.  Each article takes one closing byline;
      when two claim one article, the closer one wins and the other goes to
      the article of the text just after it.
    * A kicker goes to the article whose text names its subject (``江华:``),
      ties to the next headline in the file.
    * Captions, credits and other furniture go with the text before them.
    """
    owner: dict[int, int] = {n: k for k, g in enumerate(groups) for n in g}
    rest = [f for f in placed if f.index not in owner]
    if not groups:
        groups.append([f.index for f in rest])
        return
    bags = [topics.bag("".join(frags[n].text for n in g)) for g in groups]
    top: dict[int, list[int]] = {}
    kickers: dict[int, list[int]] = {}
    tails: dict[int, list[int]] = {}
    claims: list[tuple[float, int, int]] = []  # (cost, byline, article)
    for f in rest:
        if f.role == "kicker":
            after = [k for k, g in enumerate(groups) if frags[g[0]].role in HEADINGS and g[0] > f.index]
            nearest = min(after, key=lambda k: groups[k][0]) if after else None
            bag = topics.bag(f.text)
            k = max(range(len(groups)), key=lambda k: cosine(bag, bags[k]) + (0.05 if k == nearest else 0.0))
            kickers.setdefault(k, []).append(f.index)
        elif f.role == "byline":
            prev = _neighbour(frags, f.index, owner, -1)
            if prev is not None and frags[prev].role in HEADINGS:
                top.setdefault(owner[prev], []).append(f.index)
                continue
            nxt = _neighbour(frags, f.index, owner, +1)
            if prev is not None:
                claims.append((0.0 if frags[prev].line == f.line else 1.0, f.index, owner[prev]))
            if nxt is not None:
                claims.append((2.0, f.index, owner[nxt]))
        else:
            prev = _neighbour(frags, f.index, owner, -1)
            k = owner[prev] if prev is not None else owner[min(owner)]
            tails.setdefault(k, []).append(f.index)
    placed_bylines: set[int] = set()
    closed: set[int] = set()
    for _, b, k in sorted(claims):
        if b in placed_bylines or k in closed:
            continue
        placed_bylines.add(b)
        closed.add(k)
        tails.setdefault(k, []).append(b)
    for _, b, k in sorted(claims):  # a byline every candidate already has: keep it with the first
        if b not in placed_bylines:
            placed_bylines.add(b)
            tails.setdefault(k, []).append(b)
    for k, g in enumerate(groups):
        heads = [n for n in g if frags[n].role in HEADINGS and n == g[0]]
        g[:] = sorted(kickers.get(k, [])) + heads + sorted(top.get(k, [])) + g[len(heads) :] + sorted(tails.get(k, []))


def _neighbour(frags: list[Fragment], index: int, owner: dict[int, int], step: int) -> int | None:
    """The nearest fragment before (step -1) or after (+1) ``index`` that belongs to an article."""
    n = index + step
    while 0 <= n < len(frags):
        if n in owner:
            return n
        n += step
    return None


def _make_article(frags: list[Fragment], ids: list[int]) -> Article:
    parts = [frags[n] for n in ids]
    # The first line tagged as a headline; a subhead is a section title, not
    # the article's, so an article without a headline has none.
    headline = plain_heading(next((f.text for f in parts if f.role == "headline"), ""))
    byline = next((f.text for f in parts if f.role == "byline"), "")
    kicker = next((f.text for f in parts if f.role == "kicker"), "")
    return Article(fragments=parts, headline=headline, byline=byline, kicker=kicker)


# Markdown heading markup around a title: ``## 标题 ##``, ``**标题**``.
_MARKDOWN_HEADING = regex.compile(r"^\s{0,3}#{1,6}\s+|\s+#+\s*$")
_MARKDOWN_STRONG = regex.compile(r"^(\*\*|__)(.+)\1$")


def plain_heading(text: str) -> str:
    """A heading without Markdown markup, for the index (the article's text keeps it as read)."""
    text = _MARKDOWN_HEADING.sub("", text.strip())
    return _MARKDOWN_STRONG.sub(r"\2", text).strip()


# -- rendering ---------------------------------------------------------------

_WORDY = regex.compile(r"[A-Za-z0-9]")


def render(fragments: list[Fragment]) -> str:
    """Article text: fragments in order, paragraphs and furniture on lines of their own.

    Two fragments that were adjacent in one input line keep a space between
    them (the whitespace filter decides about it later); fragments brought
    together from different lines are joined directly, or with a space
    between two Latin letters or digits.  A paragraph ends after a sentence
    end that closes an input line holding a whole paragraph, or a printed
    line shorter than the article's column.
    """
    widths = sorted(display_width(f.text) for f in fragments if f.role == "body")
    column = widths[len(widths) * 3 // 4] if widths else 0.0
    out: list[str] = []
    prev: Fragment | None = None
    for f in fragments:
        if prev is None:
            pass
        elif prev.role != "body" or f.role != "body":
            out.append("\n")
        elif prev.line == f.line and prev.seg + 1 == f.seg:
            out.append(" ")
        elif ends_sentence(prev.text) and prev.last_in_line and _paragraph_line(prev, column):
            out.append("\n")
        elif _WORDY.match(prev.text[-1]) and _WORDY.match(f.text[0]):
            out.append(" ")
        out.append(f.text)
        prev = f
    return "".join(out)


def _paragraph_line(f: Fragment, column: float) -> bool:
    w = display_width(f.text)
    return f.nsegs > 1 or w > _WIDEST_COLUMN or w < column - 1.0

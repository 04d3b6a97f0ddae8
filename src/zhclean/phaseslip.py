"""Restore runs of a GBK stream that was read one byte out of phase.

How such runs arise (../shared/notes/seed-damage-model.md): a decoder meets a
lead byte it cannot pair — because a ``(pinyin)`` annotation was inserted
between a character's two bytes, or because the stream was cut in the middle
of a character — prints ``?`` for it and carries on one byte out of phase.
Every following pair is a trail byte read as a lead, until an ASCII byte is
read on its own and the phase is back.  So a run looks like::

    ?biāo)坪踉诟嬖V      (似乎在告訴: lost lead CB + swallowed "(", then
                        C6BA F5D4 DAB8 E6D4 read as 坪踉诟嬖, then 56 = "V")

and has exactly one *unknown* byte at its start (the lead hidden by ``?``),
sometimes one at its end (a trail hidden by a second ``?`` that swallowed the
``(`` of a real annotation or the ``<`` of a tag), and sometimes pairs of
invisible bytes in the middle (user-defined codes the damaged text dropped;
about one shifted pair in six is one).  All other bytes are known exactly
from the visible characters.

This module turns one ``?`` into every byte-level hypothesis the damage model
allows, fills the unknown bytes by a beam search (narrowed by the orphaned
``xxx)`` reading where there is one, placing dropped codes where they fit),
and scores the readings with the language model, the document's own
character pairs and punctuation habits, and punctuation grammar.  Deciding
whether to apply the best one is the caller's job.
"""

from __future__ import annotations

import dataclasses
import math
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

import regex

from .encodings import ASCIIISED_PUNCTUATION, LEADS, chars_with_lead, chars_with_trail, is_invisible_pair, pair_char, stream_bytes
from .lang.punctuation import CJK_PUNCTUATION, CLOSERS, OPENERS, SENTENCE_END
from .lang.readings import ANNOTATION, ORPHAN_CLOSE, reads_as

#: A shifted run ends at the first byte read on its own; runs longer than
#: this many shifted characters are not considered (seeds: 1 to 6; in text
#: with few GBK/3-4 characters a run can go on for a whole sentence).
MAX_UNITS = 30
#: A cut away from a sentence mark is a weak hypothesis; it is only followed
#: for a few characters (the benchmark generator's runs are 2-6 long).
MAX_UNITS_ELSEWHERE = 8

#: The stream was cut just before a byte-level 。！？ that straddles two
#: characters, so a run that starts at a cut begins with one of these.
_CUT_MARKS = {"。".encode("gbk"), "！".encode("gbk"), "？".encode("gbk")}

#: What a ``?`` that swallowed ``<`` leaves behind: the rest of a tag.
_TAG_REST = regex.compile(r"/?[A-Za-z][A-Za-z0-9]{0,9}(?:\s[^<>\n]{0,80})?/?>")

_HAN = regex.compile(r"\p{Han}")
#: Log-prior of a cut the seeds' tool did not make but other tools do: one
#: that is not before a straddling 。！？.
_LOGP_CUT_ELSEWHERE = math.log(0.05)
#: Penalty for a mark where punctuation grammar or quote pairing does not allow it.
_LOGP_MISPLACED = math.log(0.02)

#: Most readings scored for one run (~1 s of CPU).  The seeds need at most
#: ~6,000 and the synthetic benchmark ~22,000; a run that needs more is left
#: alone and reported, so no input can take minutes.
MAX_SCORED_PER_RUN = 200_000
#: Most readings scored for all the runs of one text, per character of it
#: (at least ``MAX_SCORED_PER_RUN``): the seeds and the synthetic benchmark
#: need 22 (median) to 45, so only a text riddled with ``?`` meets it, and its
#: remaining runs are reported instead of searched: the work stays linear.
MAX_SCORED_PER_CHAR = 100


class BudgetExceeded(Exception):
    """Scoring one run would cost more than ``MAX_SCORED_PER_RUN`` model calls."""


class _Budget:
    def __init__(self, limit: int, parent: "_Budget | None" = None):
        self.left = limit
        self.parent = parent

    def spend(self, n: int) -> None:
        self.left -= n
        if self.parent is not None:
            self.parent.spend(n)
        if self.left < 0:
            raise BudgetExceeded


def text_budget(text: str) -> _Budget:
    """The budget every run of ``text`` draws on (pass it to :func:`judge`)."""
    return _Budget(max(MAX_SCORED_PER_RUN, MAX_SCORED_PER_CHAR * len(text)))


@dataclass
class Hypothesis:
    """One reading of the bytes behind ``text[start:end]``.

    ``seq`` is the original byte sequence, in phase, with unknown bytes named
    ``"L"`` (lead hidden by the first ``?``) and ``"T"`` (trail hidden by a
    final ``?``).  Deleted user-defined codes are placed by :func:`fill`.
    """

    start: int
    end: int
    seq: list
    domains: dict[str, tuple[int, ...]]
    needs: dict[str, str] = field(default_factory=dict)  # var -> reading its pair must have
    suffix: str = ""  # byte the final ? swallowed, restored after the characters
    score_end: int = 0  # scoring resumes here (after a real annotation's "pīn)")
    mechanism: str = ""

    swallowed: int = 0  # ASCII bytes ("(", "<") a ? consumed
    prior: float = 0.0  # log-prior of this shape of damage
    invisible: int = 0  # deleted user-defined codes (two bytes each) the reading assumes

    @property
    def lost_bytes(self) -> int:
        return sum(1 for b in self.seq if isinstance(b, str)) + self.swallowed + 2 * self.invisible


@dataclass(frozen=True)
class Candidate:
    text: str  # replacement for text[start:end]
    score: float
    hypothesis: Hypothesis


def _byte_before(text: str, q: int) -> int | None:
    """The stream byte just before ``text[q]``, skipping a complete annotation."""
    m = regex.search(rf"{ANNOTATION.pattern}\Z", text[max(0, q - 10) : q])
    if m:
        q -= len(m.group(0))
    if q == 0:
        return None
    b = stream_bytes(text[q - 1])
    return b[-1] if b else None


def hypotheses(text: str, q: int) -> list[Hypothesis]:
    """Every damage-model reading of the run that starts with the ``?`` at ``q``.

    Only in a Chinese line: a ``?`` among Latin text is a question mark.
    """
    line_start = text.rfind("\n", 0, q) + 1
    line_end = text.find("\n", q)
    line_end = len(text) if line_end < 0 else line_end
    if not (_HAN.search(text, line_start, q) or _HAN.search(text, q + 1, line_end)):
        return []
    if text[q - 1 : q] == "?" or text[q + 1 : q + 3] == "??":
        return []  # ??? is not one lost byte: the bytes are gone (a whole line read as ?)
    base: dict[str, tuple[int, ...]] = {}
    needs: dict[str, str] = {}
    i = q + 1
    m = ORPHAN_CLOSE.match(text, i)
    prev = _byte_before(text, q)
    cut = False
    if m and prev is not None:
        # a straddling annotation: (prev trail, L) is the annotated character
        syl = m.group(1)
        leads = tuple(l for l in LEADS if (c := pair_char(prev, l)) and reads_as(c, syl))
        if not leads:
            return []
        base["L"] = leads
        i = m.end()
        mechanism = "GBK read one byte out of phase after an annotation split a character"
        swallowed = 1  # the annotation's "("
    else:
        base["L"] = tuple(LEADS)
        cut = True
        mechanism = "GBK read one byte out of phase after the stream was cut inside a character"
        swallowed = 0

    out: list[Hypothesis] = []
    units: list[bytes] = []
    off_mark = False
    j = i
    n = len(text)
    while j < n and len(units) <= (MAX_UNITS_ELSEWHERE if off_mark else MAX_UNITS):
        c = text[j]
        # a second ? hides the last trail byte; "??" alone between Han
        # characters is a whole character lost (着??说 for 着他说)
        if c == "?" and (units or not cut or (j == q + 1 and _is_chinese_at(text, q - 1) and _is_han_at(text, j + 1))):
            out.extend(_end_at_hidden_trail(text, q, j, units, base, needs, mechanism, swallowed + 1))
        if "\x40" <= c <= "\x7e":
            # a trail byte read on its own: the phase is back after it.  A cut
            # run of one character (系?y移 for 系統移, 收?s。 for 收縮。) needs
            # Chinese on both sides, or every "?x" in a URL would be a candidate.
            if units or not cut or (_is_han_at(text, q - 1) and _is_chinese_at(text, j + 1)):
                out.append(_make(q, j + 1, ["L", *_flat(units), ord(c)], base, needs, "", mechanism, swallowed))
            break
        if c == "?" and text[j + 1 : j + 2] == "?":
            break  # ？ read twice in a row is not a shifted reading
        sb = stream_bytes(c)
        if sb is None or len(sb) != 2:
            break
        if cut and not units and sb not in _CUT_MARKS:
            off_mark = True
        units.append(sb)
        j += 1
        if sb[1] < 0x80:
            # the shifted pair ate an ASCII letter of the original: phase is back
            out.append(_make(q, j, ["L", *_flat(units)], base, needs, "", mechanism, swallowed))
            break
    out = [h for h in out if h is not None]
    if off_mark:
        for h in out:
            h.prior += _LOGP_CUT_ELSEWHERE
    return out


def _is_chinese_at(text: str, i: int) -> bool:
    """A Han character or a Chinese mark, counting an ASCII-ised mark (the seeds'
    normalisation wrote ，as ,) when Chinese follows it."""
    if _is_han_at(text, i) or (0 <= i < len(text) and text[i] in CJK_PUNCTUATION):
        return True
    return 0 <= i < len(text) and text[i] in ASCIIISED_PUNCTUATION and text[i] != "?" and _is_han_at(text, i + 1)


def _is_han_at(text: str, i: int) -> bool:
    return 0 <= i < len(text) and "\u4e00" <= text[i] <= "\u9fff"


def _flat(units: list[bytes]) -> list[int]:
    return [b for u in units for b in u]


def _end_at_hidden_trail(text, q, j, units, base, needs, mechanism, swallowed):
    """The ``?`` at ``j`` hid the run's last trail byte and swallowed the next byte."""
    seq = ["L", *_flat(units), "T"]
    doms = dict(base, T=_HIGH)  # a byte the decoder took for a lead
    m = ORPHAN_CLOSE.match(text, j + 1)
    if m:  # it swallowed the "(" of a real annotation of the last character
        h = _make(q, j + 1, seq, doms, dict(needs, T=m.group(1)), "(", mechanism, swallowed)
        if h:
            h.score_end = m.end()
        return [h]
    m = ANNOTATION.match(text, j + 1)
    if m:  # a lone lead at the end of a piece, then the last character's own note: ?(měi)
        h = _make(q, j + 1, seq, doms, dict(needs, T=m.group(1)), "", mechanism, swallowed - 1)
        if h:
            h.score_end = m.end()
        return [h]
    if j + 1 == len(text) or text[j + 1] == "\n":  # a lone lead at the end of a piece
        return [_make(q, j + 1, seq, doms, needs, "", mechanism, swallowed - 1)]
    if _TAG_REST.match(text, j + 1):  # it swallowed the "<" of a tag
        return [_make(q, j + 1, seq, doms, needs, "<", mechanism, swallowed)]
    # the byte it swallowed is unknown (a digit?) or there was none (a lone
    # byte at the end of a piece): either way the characters are what we
    # restore, and only the bytes certainly lost are counted
    return [_make(q, j + 1, seq, doms, needs, "", mechanism, swallowed - 1)]


def _make(start, end, seq, domains, needs, suffix, mechanism, swallowed) -> Hypothesis | None:
    if len(seq) % 2 and not (isinstance(seq[-1], int) and 0x40 <= seq[-1] <= 0x7E):
        return None
    return Hypothesis(start, end, list(seq), dict(domains), dict(needs), suffix, end, mechanism, swallowed)


#: Most deleted user-defined codes assumed inside one original character, and in one run.
MAX_INVISIBLE_PER_CHAR = 1
MAX_INVISIBLE_PER_RUN = 3
#: When both bytes of a character are unknown, only this many of the most
#: frequent characters that fit are tried (the rest are too rare to win).
MAX_OPEN_OPTIONS = 400

_HIGH = tuple(range(0x80, 0xFF))


@lru_cache(maxsize=None)
def _invisible_after(p: int) -> tuple[int, ...]:
    """Leads ``q`` that make ``p q`` a user-defined (invisible) code."""
    return tuple(q for q in range(0x81, 0xFF) if is_invisible_pair(p, q))


_SPLITTERS = tuple(p for p in range(0x81, 0xFF) if _invisible_after(p))


@dataclass(frozen=True)
class _Dictionary:
    """What the beam search needs from jieba's word list, gathered in one pass."""

    #: log-probability of each character, counted inside words by word frequency
    char_logp: dict[str, float]
    #: log share of shifted pairs that are invisible in running text (a
    #: character's trail byte then the next character's lead byte form a
    #: user-defined code): about one in six
    logp_invisible: float
    #: second character -> characters that begin a word before it (啡 -> 咖)
    before: dict[str, set[str]]
    #: first character -> characters that follow it in a word
    after: dict[str, set[str]]
    #: third character -> second character -> first characters (利 -> 拉 -> 塞, 塞拉利昂)
    starts3: dict[str, dict[str, set[str]]]


@lru_cache(maxsize=1)
def _dictionary() -> _Dictionary:
    from collections import defaultdict

    from .lang.model import get_model

    chars: dict[str, int] = defaultdict(int)
    before: dict[str, set[str]] = defaultdict(set)
    after: dict[str, set[str]] = defaultdict(set)
    starts3: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for w, f in get_model().freq.items():
        for ch in w:
            chars[ch] += f
        if len(w) >= 2:
            before[w[1]].add(w[0])
            after[w[0]].add(w[1])
            if len(w) >= 3:
                starts3[w[2]][w[1]].add(w[0])
    leads: dict[int, int] = defaultdict(int)
    trails: dict[int, int] = defaultdict(int)
    for ch, f in chars.items():
        b = stream_bytes(ch)
        if b and len(b) == 2 and b[0] >= 0x81:
            leads[b[0]] += f
            trails[b[1]] += f
    nl, nt = sum(leads.values()), sum(trails.values())
    inv = sum(tf * leads[l] for t, tf in trails.items() for l in _invisible_after(t)) / (nl * nt)
    total = sum(chars.values())
    return _Dictionary({ch: math.log(f / total) for ch, f in chars.items()}, math.log(inv),
                       dict(before), dict(after), {k: dict(v) for k, v in starts3.items()})


def _unigram(ch: str) -> float:
    return _dictionary().char_logp.get(ch, -30.0)


@lru_cache(maxsize=4096)
def _options(leads, trails, need: str | None) -> tuple[str, ...]:
    """Characters ``lead trail`` for every lead in ``leads`` and trail in
    ``trails`` (each a byte or a tuple of bytes) that read as ``need``."""
    ls = (leads,) if isinstance(leads, int) else leads
    ts = (trails,) if isinstance(trails, int) else trails
    if len(ls) <= len(ts):
        tset = set(ts)
        found = [c for l in ls for t, c in chars_with_lead(l) if t in tset]
    else:
        lset = set(ls)
        found = [c for t in ts for l, c in chars_with_trail(t) if l in lset]
    if need:
        found = [c for c in found if reads_as(c, need)]
    if len(ls) > 1 and len(ts) > 1 and len(found) > MAX_OPEN_OPTIONS:
        # the dictionary knows no punctuation: keep every mark that fits
        marks = [c for c in found if c in CJK_PUNCTUATION]
        found = marks + [c for c in sorted(found, key=_unigram, reverse=True) if c not in CJK_PUNCTUATION][:MAX_OPEN_OPTIONS]
    return tuple(found)


@lru_cache(maxsize=256)
def _by_simplified(leads: tuple[int, ...], trails) -> dict[str, tuple[str, ...]]:
    """Every character ``lead trail`` in the two byte ranges, by its Simplified form."""
    from collections import defaultdict

    from .lang.model import to_simplified

    out: dict[str, list[str]] = defaultdict(list)
    tset = set(trails)
    for l in leads:
        for t, c in chars_with_lead(l):
            if t in tset:
                out[to_simplified(c)].append(c)
    return {k: tuple(v) for k, v in out.items()}


@lru_cache(maxsize=4096)
def _context_options(leads, trails, prev: str, nxt: str) -> tuple[str, ...]:
    """Characters in the byte ranges that form a dictionary word with ``prev`` or
    ``nxt``: where both bytes of a character are lost, its neighbours name it."""
    from .lang.model import to_simplified

    words = _dictionary()
    wanted: set[str] = set()
    if nxt:
        wanted |= words.before.get(to_simplified(nxt), set())
    if prev:
        wanted |= words.after.get(to_simplified(prev), set())
    table = _by_simplified(leads, trails)
    return tuple(c for s in wanted for c in table.get(s, ()))


@lru_cache(maxsize=8192)
def _simple_char(ch: str) -> str:
    from .lang.model import to_simplified

    return to_simplified(ch)


@lru_cache(maxsize=4096)
def _word_firsts(leads: tuple[int, ...], trails, following: str) -> frozenset[str]:
    """Simplified characters that begin a word with some character ``lead trail``
    (lead in ``leads``, trail a byte or in a tuple of bytes) and then ``following``."""
    lset = set(leads)
    tset = {trails} if isinstance(trails, int) else set(trails)
    out: set[str] = set()
    for second, firsts in _dictionary().starts3.get(_simple_char(following), {}).items():
        if any(lead in lset and trail in tset for lead, trail in _codes(second)):
            out |= firsts
    return frozenset(out)


@lru_cache(maxsize=None)
def _codes(simple: str) -> tuple[tuple[int, int], ...]:
    """GBK codes of a Simplified character and of its Traditional form."""
    out = []
    for form in {simple, _s2t().convert(simple)}:
        b = stream_bytes(form)
        if b and len(b) == 2:
            out.append((b[0], b[1]))
    return tuple(out)


@lru_cache(maxsize=4096)
def _split_options(leads) -> tuple[tuple[str, tuple[int, ...]], ...]:
    """Characters ``lead p`` whose trail ``p`` starts a deleted user-defined
    code, each with the leads the next character may then have."""
    out = [(c, _invisible_after(p)) for p in _SPLITTERS for c in _options(leads, p, None)]
    if len(out) > MAX_OPEN_OPTIONS:
        out = sorted(out, key=lambda o: _unigram(o[0]), reverse=True)[:MAX_OPEN_OPTIONS]
    return tuple(out)


def fill(
    h: Hypothesis,
    left: str,
    right: str,
    model,
    beam: int = 10,
    budget: _Budget | None = None,
    marks: dict[str, float] | None = None,
    pairs: dict[str, int] | None = None,
) -> list[tuple[str, float, int]]:
    """Candidate texts for ``h`` with their prior (log) and the number of
    deleted user-defined codes they assume, by beam search left to right.

    Each original character may have lost the middle of its bytes to a
    deleted user-defined code (one shifted pair, invisible in the damaged
    text): ``lead trail`` then becomes ``lead p`` + ``q trail`` with ``p q``
    a user-defined code.  Prefixes are ranked by the model on the left
    context, the prefix and the known characters that follow; ``marks``
    (see :func:`punctuation_share`) rank marks the model scores alike, and
    ``pairs`` (see :func:`doc_pairs`) favour words the document uses elsewhere.

    Raises ``BudgetExceeded`` when ``budget`` runs out."""
    seq = h.seq
    tail = chr(seq[-1]) if len(seq) % 2 else ""
    body = seq[:-1] if tail else seq
    spec = lambda x: x if isinstance(x, int) else h.domains[x]  # noqa: E731
    chars = [(spec(body[i]), spec(body[i + 1]), h.needs.get(body[i + 1]) or h.needs.get(body[i]))
             for i in range(0, len(body), 2)]
    known = [pair_char(a, b) if isinstance(a, int) and isinstance(b, int) else None for a, b, _ in chars]
    after = tail + h.suffix + right
    ctx = left[-5:]
    logp_inv = _dictionary().logp_invisible
    # a state: (text, prior, codes deleted so far, leads the open character may have or None)
    bonus = marks or {}
    pairs = pairs or {}
    # a state: (text, prior, codes deleted so far, leads the open character
    # may have or None, evidence so far from the document's marks and pairs)
    states: list[tuple[str, float, int, object, float]] = [("", 0.0, 0, None, 0.0)]
    for idx, (lead, trail, need) in enumerate(chars):
        look = ""
        k = idx + 1
        while k < len(known) and known[k] is not None and len(look) < 3:
            look += known[k]
            k += 1
        if k == len(known):
            look += after[:3]
        # with nothing known after it, a character is chosen blind: keep more
        width = beam if look else 2 * beam
        done: dict[str, tuple[str, float, int, object, float, float]] = {}
        open_states = states
        for round_ in range(MAX_INVISIBLE_PER_CHAR + 1):
            grown: dict[tuple[str, object], tuple[str, float, int, object, float, float]] = {}
            for t, prior, n_inv, pend, extra in open_states:
                leads = lead if pend is None else pend
                opts = _options(leads, trail, need)
                if not need and not isinstance(leads, int) and not isinstance(trail, int) and len(leads) > 1 and len(trail) > 1:
                    # both bytes lost: add the characters that make words with the neighbours
                    seen = set(opts)
                    opts = opts + tuple(c for c in _context_options(leads, trail, (ctx + t)[-1:], look[:1]) if c not in seen)
                can_split = n_inv < MAX_INVISIBLE_PER_RUN and round_ < MAX_INVISIBLE_PER_CHAR
                splits = _split_options(leads) if can_split else ()
                if budget is not None:
                    budget.spend(len(opts) + len(splits))
                before = (ctx + t)[-1:]
                for ch, lp in zip(opts, model.logprob_each(ctx + t, opts, look)):
                    got = extra + bonus.get(ch, 0.0) + pairs.get(before + ch, 0)
                    score = lp + prior + got + pairs.get(ch + look[:1], 0)
                    if t + ch not in done or done[t + ch][5] < score:
                        done[t + ch] = (t + ch, prior, n_inv, None, got, score)
                if not splits:
                    continue
                new = prior + logp_inv
                for (ch, nxt), lp in zip(splits, model.logprob_each(ctx + t, [c for c, _ in splits])):
                    got = extra + bonus.get(ch, 0.0) + pairs.get(before + ch, 0)
                    score = lp + new + got
                    key = (t + ch, nxt)
                    if key not in grown or grown[key][5] < score:
                        grown[key] = (t + ch, new, n_inv + 1, nxt, got, score)
            # a deleted code hides the next character's lead, so these are ranked
            # blind: keep half the beam, plus those that begin a word which the
            # next character and the known text after it would complete (塞 in 塞拉利昂)
            ranked = sorted(grown.values(), key=lambda st: -st[5])
            open_states = [st[:5] for st in ranked[: width // 2]]
            if look and len(ranked) > width // 2:
                open_states += [st[:5] for st in ranked[width // 2 :]
                                if _simple_char(st[0][-1]) in _word_firsts(st[3], trail, look[0])][: width // 2]
            if not open_states:
                break
        states = [st[:5] for st in sorted(done.values(), key=lambda st: -st[5])[:width]]
        if not states:
            return []
    return [(t + tail, h.prior + prior, n_inv) for t, prior, n_inv, _, _ in states[:beam]]


def punctuation_prior(s: str, following: str) -> float:
    """Two marks in a row are grammatical only in a few shapes (GB/T 15834):
    an opener may follow anything, anything may follow a closer, a closer may
    follow a sentence end, and ``……``/``——`` double up; ``。、`` never occurs.
    An opener needs text after it, not a closer, a sentence end or the end of
    the paragraph (``following`` is what comes after ``s``: ``""`` at a line end);
    a paragraph does not end on a mark that splits a clause (，、；), and the
    interpunct · and the range mark ～ stand between words, not next to a mark."""
    prior = 0.0
    for a, b in zip(s, s[1:] + (following[:1] or "\n")):
        if b == "\n" and a in _MID_CLAUSE:
            prior += _LOGP_MISPLACED
        if (a in _JOINERS and b in _NOT_BESIDE_JOINER) or (b in _JOINERS and a in _NOT_BESIDE_JOINER):
            prior += _LOGP_MISPLACED
        if (a in OPENERS or a.isspace()) and b in _NOT_AFTER_OPENING:
            prior += _LOGP_MISPLACED
        if a in OPENERS and (b in CLOSERS or b in SENTENCE_END or b in "，、；：<\n"):
            prior += _LOGP_MISPLACED
        if a in _CLAUSE_MARKS and b in _CLAUSE_MARKS:
            if b in OPENERS or a in CLOSERS or (a in SENTENCE_END and b in CLOSERS) or (a == b and a in "…—"):
                continue
            prior += _LOGP_MISPLACED
    return prior


#: Marks that shape clauses (％, ～, ／ and the like are part of words instead).
_CLAUSE_MARKS = SENTENCE_END | CLOSERS | OPENERS | frozenset("，、；：—")

#: Marks that never end a paragraph.
_MID_CLAUSE = frozenset("，、；—·～")

#: Marks that join two words: the interpunct (间隔号, GB/T 15834 4.14) and the
#: range mark (连接号 ～, 4.13); and what they never stand next to.
_JOINERS = frozenset("·～")
_NOT_BESIDE_JOINER = _CLAUSE_MARKS | _JOINERS | frozenset("\n")

#: Marks that cannot open a line or follow an opener: they end or split a clause.
_NOT_AFTER_OPENING = SENTENCE_END | frozenset("，、；：")

#: Quotes and brackets whose opening and closing must balance within a paragraph.
_QUOTES = (("“", "”"), ("‘", "’"), ("「", "」"), ("『", "』"), ("（", "）"), ("《", "》"), ("【", "】"), ("〔", "〕"))


def quote_prior(line_before: str, restored: str, line_after: str | None = None) -> float:
    """Curly quotes pair up: a closing quote with none open (or an opening one
    while the same kind is open) is improbable, and so is an opening one that
    nothing in ``line_after`` (the rest of the paragraph, when given) closes."""
    prior = 0.0
    if line_after is not None:
        line_after = ANNOTATION.sub("", line_after)
    for open_q, close_q in _QUOTES:
        if open_q == "（":
            line_before = line_before.replace("(", "（").replace(")", "）")
        depth = max(0, line_before.count(open_q) - line_before.count(close_q))
        opened = 0  # opened here and not yet closed
        for ch in restored:
            if ch == open_q:
                if depth:
                    prior += _LOGP_MISPLACED
                depth += 1
                opened += 1
            elif ch == close_q:
                if not depth:
                    prior += _LOGP_MISPLACED
                depth = max(0, depth - 1)
                opened = max(0, opened - 1)
        if opened and line_after is not None:
            after = line_after.replace("(", "（").replace(")", "）") if open_q == "（" else line_after
            prior += _LOGP_MISPLACED * max(0, opened - _unmatched_closers(after, open_q, close_q))
    return prior


def _line_end(text: str, i: int) -> int:
    end = text.find("\n", i)
    return len(text) if end < 0 else end


def _unmatched_closers(text: str, open_q: str, close_q: str) -> int:
    """How many ``close_q`` in ``text`` close something opened before it."""
    depth = free = 0
    for ch in text:
        if ch == open_q:
            depth += 1
        elif ch == close_q:
            if depth:
                depth -= 1
            else:
                free += 1
    return free


_LOGP_OTHER_SCRIPT = math.log(0.3)


@lru_cache(maxsize=1)
def _s2t():
    import opencc

    return opencc.OpenCC("s2t")


@lru_cache(maxsize=8192)
def _in_script(ch: str, traditional: bool) -> bool:
    from .lang.model import to_simplified

    simple = to_simplified(ch)
    return _s2t().convert(simple) == ch if traditional else simple == ch


#: A ``?`` that does not end a sentence: not followed by a line end, a space or a closing mark.
_QUESTION_IN_GARBLE = regex.compile(r"\?(?![\s”’」』）)]|$)")


def punctuation_share(text: str) -> dict[str, float]:
    """Log frequency of each CJK mark relative to the document's commonest mark
    (add-one smoothed), counting ASCII-ised marks as their full-width originals.

    The model gives every mark one probability, about that of ``，`` in running
    text, so a rare mark (〈, ＋) would be cheaper than most characters; the
    document's own punctuation habits scale it down."""
    from .encodings import ASCIIISED_PUNCTUATION

    counts = {m: 1 for m in CJK_PUNCTUATION | {"\u3000"}}
    # the brackets of pinyin notes are not punctuation, and a ``?`` is a
    # garble's mark unless it ends a sentence
    text = _QUESTION_IN_GARBLE.sub("", ORPHAN_CLOSE.sub("", ANNOTATION.sub("", text)))
    for ch in text:
        ch = ASCIIISED_PUNCTUATION.get(ch, ch)
        if ch in counts:
            counts[ch] += 1
    top = math.log(max(counts.values()))
    return {m: math.log(c) - top for m, c in counts.items()}


def script_prior(restored: str, traditional: bool | None) -> float:
    """The model scores after t2s, so 並 and 并 tie; the document's own script breaks the tie."""
    if traditional is None:
        return 0.0
    return sum(_LOGP_OTHER_SCRIPT for ch in restored if "\u4e00" <= ch <= "\u9fff" and not _in_script(ch, traditional))


def is_traditional(text: str) -> bool | None:
    """Whether ``text`` is written in Traditional characters (``None`` if it shows no preference)."""
    from .lang.model import to_simplified

    han = [ch for ch in text[:4000] if "\u4e00" <= ch <= "\u9fff"]
    if len(han) < 20:
        return None
    changed = sum(1 for a, b in zip(han, to_simplified("".join(han))) if a != b)
    return changed / len(han) > 0.05


_FULL_WIDTH = str.maketrans(ASCIIISED_PUNCTUATION)


def _clean_for_scoring(s: str) -> str:
    """Drop complete annotations so the model sees the words around a run, and
    score ASCII-ised marks as the punctuation they are: a genuine ``?`` must not
    look like garbage next to a repair."""
    return ANNOTATION.sub("", s).translate(_FULL_WIDTH)


@lru_cache(maxsize=2)
def doc_pairs(doc: str) -> dict[str, int]:
    """Bonus for each pair of adjacent Han characters ``doc`` uses: how often
    it occurs, at most 3 (a log-odds bonus: 全縣 versus 全黨)."""
    return {bg: min(3, c) for bg, c in Counter(_HAN_PAIR.findall(doc, overlapped=True)).items()}


_HAN_PAIR = regex.compile(r"[\u4e00-\u9fff]{2}")


def _doc_support(pairs: dict[str, int], left: str, restored: str, right: str) -> float:
    """Bonus for the pairs of characters in a reading that the document itself uses elsewhere."""
    s = left[-1:] + restored + right[:1]
    return sum(pairs.get(s[k : k + 2], 0) for k in range(len(s) - 1))


@dataclass
class RunVerdict:
    """The scored readings of one run."""

    start: int
    end: int
    literal: float
    ranked: list[Candidate]
    #: scoring stopped at ``MAX_SCORED_PER_RUN``: the run is undecided
    exhausted: bool = False

    @property
    def best(self) -> Candidate | None:
        return self.ranked[0] if self.ranked else None

    def margin_over_runner_up(self) -> float:
        if len(self.ranked) < 2:
            return math.inf
        return self.ranked[0].score - self.ranked[1].score


def judge(
    text: str,
    q: int,
    model,
    *,
    context: int = 8,
    line_before: str | None = None,
    traditional: bool | None = None,
    marks: dict[str, float] | None = None,
    budget: _Budget | None = None,
) -> RunVerdict | None:
    """Score every reading of the run starting at ``text[q] == "?"``.

    ``budget`` (from :func:`text_budget`) is shared by all the runs of a text;
    each run also stops at ``MAX_SCORED_PER_RUN``.

    ``line_before`` is the (already repaired) text of the line before ``q``;
    it decides whether a restored quote opens or closes.  ``traditional``
    says which script the document is in (``None``: unknown), to choose
    between variants the model cannot tell apart (並/并).
    """
    hyps = hypotheses(text, q)
    if not hyps:
        return None
    far = max(h.score_end for h in hyps)
    line_start = text.rfind("\n", 0, q) + 1
    line_end = text.find("\n", far)
    line_end = len(text) if line_end < 0 else line_end
    left = _clean_for_scoring(text[max(line_start, q - 3 * context) : q])[-context:]
    right = _clean_for_scoring(text[far : min(line_end, far + 3 * context)])[:context]
    as_is = _clean_for_scoring(text[q:far])
    # the damaged text is judged by the same punctuation grammar as the repairs
    literal = model.logprob(left + as_is + right) + punctuation_prior((left[-1:] or "\n") + as_is, right)
    if marks:
        literal += sum(marks[ch] for ch in as_is if ch in marks)
    if line_before is None:
        line_before = text[line_start:q]
    best: dict[str, Candidate] = {}
    budget = _Budget(MAX_SCORED_PER_RUN, parent=budget)
    pairs = doc_pairs(text)
    for h in hyps:
        mid = _clean_for_scoring(text[h.score_end : far])
        try:
            filled = fill(h, left, mid + right, model, budget=budget, marks=marks, pairs=pairs)
        except BudgetExceeded:
            return RunVerdict(q, max(h.end for h in hyps), literal, [], exhausted=True)
        for restored, prior, invisible in filled:
            out = restored + h.suffix
            score = model.logprob(left + restored + mid + right) + prior
            score += quote_prior(line_before, restored, text[h.end : _line_end(text, h.end)])
            score += script_prior(restored, traditional)
            if marks:
                score += sum(marks[ch] for ch in restored if ch in marks)
            score += punctuation_prior((left[-1:] or "\n") + restored, h.suffix or (mid + right)[:1])
            score += _doc_support(pairs, left, restored, mid + right)
            key = out + "\0" + str(h.end)
            if key not in best or best[key].score < score:
                best[key] = Candidate(out, score, dataclasses.replace(h, invisible=invisible) if invisible else h)
    ranked = sorted(best.values(), key=lambda c: -c.score)[:12]
    return RunVerdict(q, ranked[0].hypothesis.end if ranked else q + 1, literal, ranked)

"""Runs of text decoded with the wrong codec, and their re-decodings.

A run shown as ``涓枃`` is the UTF-8 bytes of ``中文`` read as GBK; ``ÖÐÎÄ``
is the GBK bytes of ``中文`` read as Latin-1; ``い瓣`` is the Big5 bytes of
``中國`` read as GBK.  None of these loses a byte, so re-encoding the run with
the codec it was shown in and decoding it with the right one restores it
exactly.  The work is in finding the runs inside otherwise good text and in
deciding, with the language model, that the re-decoding is Chinese and the
run was not.

Western mojibake (UTF-8 read as Latin-1 or Windows-1252, ``cafÃ©``) is
ftfy's business; runs whose bytes are valid UTF-8 are left to it.
"""

from __future__ import annotations

import math
from collections import Counter
import re
from dataclasses import dataclass
from functools import lru_cache

import regex

from .lang.punctuation import CJK_PUNCTUATION
from .lang.model import to_simplified
from .lang.rarity import common_han

#: (codec the run is shown in, codec its bytes really are, reason).
CJK_AS_CJK = (
    ("gbk", "utf-8", "UTF-8 read as GBK"),
    ("gbk", "big5", "Big5 read as GBK"),
    ("big5", "utf-8", "UTF-8 read as Big5"),
    ("big5", "gbk", "GBK read as Big5"),
    ("shift_jis", "gbk", "GBK read as Shift-JIS"),
    ("shift_jis", "big5", "Big5 read as Shift-JIS"),
    ("shift_jis", "utf-8", "UTF-8 read as Shift-JIS"),
)
#: ``sloppy-windows-1252`` (registered by ``ftfy.bad_codecs``) is Windows-1252
#: with its five undefined bytes shown as C1 controls, as browsers show them:
#: GBK lead bytes 81, 8D, 8F, 90 and 9D are common in Traditional text.
LATIN_AS_CJK = (
    ("latin-1", "gbk", "GBK read as Latin-1"),
    ("sloppy-windows-1252", "gbk", "GBK read as Windows-1252"),
    ("latin-1", "big5", "Big5 read as Latin-1"),
    ("sloppy-windows-1252", "big5", "Big5 read as Windows-1252"),
)

#: What Windows-1252 shows for bytes 80-9F besides C1 controls: marks
#: Chinese text uses itself (“” ‘’ — … •), and the rest.
_CP1252_MARKS = "\u2013\u2014\u2018\u2019\u201c\u201d\u2022\u2026"
_CP1252_OTHER = "\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u201a\u201e\u2020\u2021\u2030\u2039\u203a\u20ac\u2122"
_HIGH = "\u0080-\u00ff" + _CP1252_MARKS + _CP1252_OTHER
#: High-byte characters that are no mark of Chinese punctuation (a no-break
#: space or ——, …… alone never make a run).
_ODD_HIGH = "\u0080-\u009f\u00a1-\u00ff" + _CP1252_OTHER
#: A run of characters that Latin-1/Windows-1252 shows for high bytes, with
#: ASCII letters inside (GBK trail bytes 0x40-0x7E print as letters).  It may
#: begin with any of them: GBK lead bytes 80-9F show as ``ƒ„Œž…“``.
_LATIN_RUN = re.compile(f"[{_HIGH}][{_HIGH}\x40-\x7e]+")
_ODD_HIGH_CHAR = re.compile(f"[{_ODD_HIGH}]")
#: Two characters that can start such a run; one scan tells clean text apart.
_LATIN_START = re.compile(f"[{_ODD_HIGH}][{_HIGH}\x40-\x7e]|[{_HIGH}\x40-\x7e][{_ODD_HIGH}]")


def may_hold_latin_run(text: str) -> bool:
    """Cheap test: could ``text`` hold GBK or Big5 bytes shown as Latin-1/Windows-1252?"""
    m = _ODD_HIGH_CHAR.search(text)
    while m is not None:
        i = m.start()
        if _LATIN_START.match(text, max(0, i - 1)) or _LATIN_START.match(text, i):
            return True
        m = _ODD_HIGH_CHAR.search(text, i + 1)
    return False


_HAN = regex.compile(r"\p{Han}")
#: Two high bytes side by side, neither a mark Chinese text uses itself
#: (``Olá”`` is a word and a quote, not a pair).
_HIGH_PAIR = re.compile(f"[{_ODD_HIGH}]{{2}}")
_LATIN_LETTER = regex.compile(r"[\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u00ff]")

#: UTF-8 bytes of CJK text (three-byte sequences, optionally with ASCII or
#: two-byte sequences between), searched for in the GBK bytes of the text.
_UTF8_CJK = regex.compile(rb"[\xe2-\xef][\x80-\xbf]{2}(?:(?:[\x21-\x7e]|[\xc2-\xdf][\x80-\xbf])*(?:[\xe2-\xef][\x80-\xbf]{2})+)+")


#: Log-probability each character a CJK-as-CJK repair changes must earn: of
#: two readings that gain about as much, the one changing fewer characters
#: wins (``德茂瑅︽`` -> ``德茂洋行``, not ``德簿洋行``; ``秨﹍ノ肺`` ->
#: ``開始用肺``, not ``開始用煎``).
CHAR_COST = 1.0

#: Share of repaired characters that must form dictionary words (see
#: word_coverage) where only the model speaks for a re-decoding (CJK read as
#: CJK).  Where the bytes themselves speak (a valid UTF-8 run, Latin-1 letters
#: inside Chinese) the gain over the damaged text is enough.
MIN_COVERAGE = 0.6


@dataclass(frozen=True)
class Recoding:
    start: int
    end: int
    before: str
    after: str
    reason: str
    gain: float  # log-probability gained by the re-decoding


def is_clean_chinese(s: str, *, common_only: bool = True) -> bool:
    """Every character is Han (common Han if ``common_only``), CJK punctuation or printable ASCII."""
    common = common_han()

    def ok(ch: str) -> bool:
        if "\u4e00" <= ch <= "\u9fff":
            return not common_only or ch in common
        return ch in CJK_PUNCTUATION or (ch.isascii() and ch.isprintable())

    return all(map(ok, s))


def redecode(run: str, shown: str, really: str) -> str | None:
    try:
        return run.encode(shown).decode(really)
    except (UnicodeEncodeError, UnicodeDecodeError):
        return None


def _context(text: str, start: int, end: int, n: int = 6) -> tuple[str, str]:
    ls = text.rfind("\n", 0, start) + 1
    le = text.find("\n", end)
    le = len(text) if le < 0 else le
    return text[max(ls, start - n) : start], text[end : min(le, end + n)]


def _gain(model, text: str, start: int, end: int, after: str) -> float:
    left, right = _context(text, start, end)
    return model.logprob(left + after + right) - model.logprob(left + text[start:end] + right)


def word_coverage(model, text: str, start: int, end: int, after: str) -> float:
    """Share of the repaired Han characters that sit inside a dictionary word of
    two or more characters (neighbours included).  Rare characters read as
    another codec often give common characters, but seldom give words."""
    left, right = _context(text, start, end)
    pos, covered, han = 0, 0, 0
    for w in model.segment(left + after + right):
        for k, ch in enumerate(w):
            at = pos + k
            if len(left) <= at < len(left) + len(after) and "\u4e00" <= ch <= "\u9fff":
                han += 1
                covered += len(w) >= 2
        pos += len(w)
    return covered / han if han else 0.0


def latin_runs(text: str, model, min_gain: float) -> list[Recoding]:
    """GBK or Big5 bytes shown as Latin-1/Windows-1252 (``ÖÐÎÄ``), in Chinese lines."""
    import ftfy.bad_codecs  # noqa: F401  (registers sloppy-windows-1252; imported here, not at start-up)

    out = []
    for m in _LATIN_RUN.finditer(text):
        start, run = m.start(), m.group(0)
        if not _ODD_HIGH_CHAR.search(run):
            continue  # ——, ……, “” and no-break spaces are punctuation and spacing, not bytes
        if not _chinese_around(text, m.start(), m.end()):
            continue  # Latin letters in a line without Chinese: ftfy's business, not ours
        if not _LATIN_LETTER.search(run) and len(run) < 4:
            continue  # ×× or °± are symbols people write, not a GBK run
        raw = _encode(run, "sloppy-windows-1252") or _encode(run, "latin-1") or b""
        # UTF-8 read as Latin-1 (cafÃ©) is Western mojibake, ftfy's case; a lone
        # letter between Chinese characters may be either, and needs a word
        ambiguous = _looks_utf8(raw) and _sensible_western(raw)
        if ambiguous and not _lone_letter(text, m.start(), m.end(), raw):
            continue
        best = None
        # leading and trailing characters belong to the run only if they complete a pair
        for begin, end in _trims(run):
            piece = run[begin:end]
            s0, e0 = start + begin, start + end
            paired = bool(_HIGH_PAIR.search(piece))
            alone = not _latin_letter_at(text, s0 - 1) and not _latin_letter_at(text, e0)
            if not paired and not alone:
                continue  # pinyin and accented words (yáng, café) are not byte pairs
            for shown, really, reason in LATIN_AS_CJK:
                raw = _encode(piece, shown)
                after = _decode(raw, really) if raw else None
                if after is None or not is_clean_chinese(after, common_only=False):
                    continue
                if not paired and any(c.isascii() for c in after):
                    continue  # without a pair of high bytes, every letter must be a trail byte (°l¬F -> 發現)
                single = sum(1 for c in after if not c.isascii()) < 2
                if (ambiguous or single and not (alone and _stands_alone(model, after))) and word_coverage(model, text, s0, e0, after) < 1:
                    # one character needs a word around it (新局Ãæ -> 新局面, 脱Æ¶ -> 脱贫), unless it
                    # stands alone between Chinese characters and is one that stands alone as a word (ÁË -> 了)
                    continue
                g = _gain(model, text, s0, e0, after)
                if best is None or g > best.gain:
                    best = Recoding(s0, e0, piece, after, reason, g)
        if best is not None and best.gain >= min_gain:
            out.append(best)
    return out


def _stands_alone(model, after: str) -> bool:
    """Whether the one Chinese character of ``after`` is frequent enough as a
    word on its own (了, 至, 於, 到: one in 10,000 words or more) to be read
    without a word around it."""
    han = [c for c in after if not c.isascii()]
    lp = model.word_logp(to_simplified(han[0])) if len(han) == 1 else None
    return lp is not None and lp >= _ALONE_LOGP


_ALONE_LOGP = math.log(1e-4)


def _lone_letter(text: str, start: int, end: int, raw: bytes) -> bool:
    """Whether the UTF-8 reading of a run is one character standing alone
    between Chinese characters (``脱Æ¶`` would be ``脱ƶ``): no Western word,
    so the GBK reading (``脱贫``) may compete for it."""
    reading = _utf8_reading(raw)
    return reading is not None and len(reading) == 1 and not _latin_letter_at(text, start - 1) and not _latin_letter_at(text, end)


_LATIN = regex.compile(r"\p{Latin}")


def _latin_letter_at(text: str, i: int) -> bool:
    """Whether ``text[i]`` is a Latin letter: a run that touches one may be part of a word (Müller, São)."""
    return 0 <= i < len(text) and bool(_LATIN.match(text[i]))


def _trims(run: str) -> list[tuple[int, int]]:
    """Sub-spans to try: a leading no-break space, quote or dash, or up to
    eight trailing characters (a closing quote and a word: ``”APP``) may
    belong to the text around the run rather than to its byte pairs."""
    begins = [0, 1] if not _LATIN.match(run[0]) and len(run) > 2 else [0]
    return [(b, e) for b in begins for e in range(len(run), max(b + 1, len(run) - 8), -1)]


def _sensible_western(raw: bytes) -> bool:
    """Whether the UTF-8 reading of ``raw`` is Western text (accented Latin,
    symbols) rather than nonsense such as ``Ŀඣ``, which GBK read as Latin-1 can
    also spell."""
    s = _utf8_reading(raw)
    return s is not None and all(c < "\u0250" or "\u2000" <= c < "\u2070" or "\u2100" <= c < "\u2800" or c >= "\U0001f000" for c in s)


def _chinese_around(text: str, start: int, end: int) -> bool:
    """Whether the run's line has Han characters outside the run."""
    ls = text.rfind("\n", 0, start) + 1
    le = text.find("\n", end)
    le = len(text) if le < 0 else le
    return bool(_HAN.search(text, ls, start) or _HAN.search(text, end, le))


def _encode(s: str, codec: str) -> bytes | None:
    try:
        return s.encode(codec)
    except UnicodeEncodeError:
        return None


def _decode(b: bytes, codec: str) -> str | None:
    try:
        return b.decode(codec)
    except UnicodeDecodeError:
        return None


def _looks_utf8(raw: bytes) -> bool:
    """Valid UTF-8 with multi-byte sequences, allowing a sequence cut at the end."""
    s = _utf8_reading(raw)
    return s is not None and not s.isascii()


def _utf8_reading(raw: bytes) -> str | None:
    """``raw`` as UTF-8, where only a sequence cut short at the very end may be
    dropped (``Èª¡£`` is ``Ȫ`` and two stray continuation bytes: not UTF-8)."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as e:
        if e.reason != "unexpected end of data" or e.start == 0:
            return None
        return raw[: e.start].decode("utf-8")


def utf8_as_gbk_runs(text: str, starts: list[int], model, min_gain: float) -> list[Recoding]:
    """UTF-8 bytes shown as GBK (``涓枃``), found by their byte pattern.

    ``starts`` are the offsets of characters whose GBK code could begin a
    UTF-8 sequence; only the text from there is encoded and examined.
    """
    out: list[Recoding] = []
    done = 0
    for start in starts:
        if start < done:
            continue
        line_end = text.find("\n", start)
        window = text[start : min(len(text) if line_end < 0 else line_end, start + 80)]
        try:
            # most starts in clean text fail within a dozen characters: look there first
            if len(window) > 12 and not _UTF8_CJK.match(window[:12].encode("gb18030")):
                continue
            raw = window.encode("gb18030")
        except UnicodeEncodeError:
            continue
        m = _UTF8_CJK.match(raw)
        if not m:
            continue
        lost = _with_lost_last_byte(text, start, window, model, min_gain)
        if lost is not None:
            out.append(lost)
            done = lost.end
            continue
        be = m.end()
        while be > 0 and not _clean_utf8_prefix(raw, be):
            be -= 1
        if be < 6:
            continue
        end = start + _char_offset(raw, be)
        after = raw[:be].decode("utf-8")
        g = _gain(model, text, start, end, after)
        if g >= min_gain:
            out.append(Recoding(start, end, text[start:end], after, "UTF-8 read as GBK", g))
            done = end
    return out


def _clean_utf8_prefix(raw: bytes, be: int) -> bool:
    """Whether ``raw[:be]`` ends on a GBK character boundary and reads as clean
    Chinese in UTF-8 (a GBK pair such as ``寻`` D1B0 after a run can look like
    a UTF-8 sequence, ``Ѱ``, and must not stop the run before it from being read)."""
    if _char_offset(raw, be) is None:
        return False
    after = _decode(raw[:be], "utf-8")
    return after is not None and is_clean_chinese(after, common_only=False)


def _with_lost_last_byte(text: str, start: int, window: str, model, min_gain: float) -> Recoding | None:
    """A UTF-8 run of odd length read as GBK ends in ``�``: the decoder could
    not pair its last byte, a UTF-8 continuation byte (80-BF).  Try all 64 and
    keep the one the model prefers by a margin."""
    p = window.find("\ufffd")
    if p < 2:
        return None
    raw = window[:p].encode("gb18030")
    scored = []
    for cb in range(0x80, 0xC0):
        after = _decode(raw + bytes((cb,)), "utf-8")
        if after and is_clean_chinese(after, common_only=False):
            scored.append((_gain(model, text, start, start + p + 1, after), after))
    scored.sort(reverse=True)
    if not scored or scored[0][0] < min_gain or (len(scored) > 1 and scored[0][0] - scored[1][0] < 2.0):
        return None
    g, after = scored[0]
    return Recoding(start, start + p + 1, window[: p + 1], after, "UTF-8 read as GBK, 1 byte lost", g)


def _char_offset(raw: bytes, b: int) -> int | None:
    """The character offset of byte ``b`` of the GB18030 text ``raw``, or
    ``None`` if ``b`` falls inside a character."""
    try:
        return len(raw[:b].decode("gb18030"))
    except UnicodeDecodeError:
        return None


#: Characters that all but never occur in Chinese news text yet fill CJK
#: mojibake: kana, Greek, Cyrillic, box drawing, private use.
_STRONG = regex.compile(r"[\u0370-\u04ff\u2500-\u257f\u3040-\u30ff\ue000-\uf8ff]")


def cjk_runs(text: str, seeds: list[int], model, min_gain: float, reach: int = 7, traditional: bool = False) -> list[Recoding]:
    """CJK bytes shown in another CJK codec (Big5 as GBK: ``い瓣``), found
    around seed characters and scored span by span.

    In these mix-ups every shown character is one whole two-byte pair, so a
    character is a seed only if some mix-up maps it to a common character,
    and only those mix-ups are tried around it; a span may hold only
    characters the mix-up maps to common characters or CJK punctuation.
    ``seeds`` are offsets of characters unusual in Chinese text (see
    :func:`cjk_seed_positions`).  A seed that is merely a rare character
    needs more evidence than one from the symbol rows (see :func:`_strong`):
    a larger gain and every repaired character inside a word.  A rare
    character the dictionary knows (a name) is evidence only in
    ``traditional`` text: Big5 holds nothing else.  Outside Traditional text,
    and for such known characters, a rare seed is first asked to make a
    word with a neighbour once re-decoded (cheap), before the model scores
    spans around it.  A Traditional document in which Big5 runs are found
    is searched again, less warily (see :func:`_seeded_runs`).
    """
    out = _seeded_runs(text, seeds, model, min_gain, reach, traditional)
    if traditional and any(r.reason == BIG5_AS_GBK for r in out):
        # the document is shown to hold Big5 read as GBK: try the seeds left over
        # again, less warily, with common characters that look like its runs
        out += _seeded_runs(text, seeds, model, min_gain, reach, traditional, taken=out, more=_word_makers(model, text))
    return out


def _word_makers(model, text: str) -> list[int]:
    """Offsets of common characters whose Big5 reading makes a two-character
    word with a neighbour (as it stands or read as Big5 too) while as they
    stand they make none: in a document that holds Big5 runs, runs made only
    of common characters (``埃差長`` = 除船長, ``嘿腹`` = 稱號) are found
    from these.  A dictionary look-up per character; the model scores only
    the spans around them."""
    mechs = ((*_CODECS[BIG5_AS_GBK], BIG5_AS_GBK),)
    return [
        i
        for i, ch in enumerate(text)
        if "\u4e00" <= ch <= "\u9fff" and _maps_to_common(ch, *mechs[0][:2]) and _pairs_with_neighbour(model, text[max(0, i - 1) : i + 2], min(i, 1), mechs)
    ]


BIG5_AS_GBK = "Big5 read as GBK"

#: Share of ``min_gain`` each changed character must earn where the
#: evidence is not words but clustering (see :func:`_convincing`).  Over
#: the clean corpus no Big5 reading reaches it (the best, ``───`` read
#: ``岸岸岸``, gains 0.72 of ``min_gain`` per character, and is one character
#: repeated); about one damaged run in fifty needs it.
CLUSTER_SHARE = 0.75


def _seeded_runs(text: str, seeds: list[int], model, min_gain: float, reach: int, traditional: bool,
                 taken: list[Recoding] | None = None, more: list[int] = ()) -> list[Recoding]:
    """The runs found around ``seeds`` (see :func:`cjk_runs`).

    With ``taken`` (the runs a first pass accepted in a Traditional
    document) this is the second pass: only Big5 read as GBK is tried,
    outside ``taken``; a rare character the dictionary knows need not first
    make a word with a neighbour, a span may take in two kana of one kind
    beside the seed (though a kana pair is still no seed), a reading is
    convincing on less evidence (see :func:`_convincing`), and the common
    characters ``more`` (see :func:`_word_makers`) start searches too, though
    they are not odd enough to be taken in beside a run
    (:func:`_take_odd_neighbours`).  Clean Traditional text has no reading
    that passes even these (the clean corpus, checked with this pass forced
    on every document), but a document a first pass found no run in is not
    asked: it would cost clean text the model's time.
    """
    second = taken is not None
    taken = taken or []
    out: list[Recoding] = []
    seed_set = frozenset(seeds)  # the odd characters; ``more`` (common ones) only start searches
    # offsets in runs, and characters the runs hold, kept as sets and counts: a
    # document may hold thousands of runs, and asking each one would be quadratic
    taken_at = frozenset(i for r in taken for i in range(r.start, r.end))
    covered = set(taken_at)
    in_runs = Counter("".join(r.before for r in taken))
    counts = _LazyCounts(text)
    cost = _cost_of(text, seed_set, min_gain, counts)

    def own(r: Recoding) -> bool:
        """Whether the document writes a character of ``r`` outside it and the runs."""
        return any(counts[c] > r.before.count(c) + in_runs[c] for c in set(r.before))

    for h in sorted(seed_set.union(more)):
        if h in covered:
            continue
        mechs = mechanisms_for(text[h])
        if second:
            mechs = tuple(m for m in mechs if m[2] == BIG5_AS_GBK)
        if not mechs or _in_foreign_word(text, h):
            continue
        strong = _strong(text[h])
        known = _known_rare(text[h])
        if known and not traditional:
            continue  # a rare character the dictionary knows (a name): not evidence enough
        if not second and (known or not strong and not traditional) and not _pairs_with_neighbour(model, text[max(0, h - 1) : h + 2], min(h, 1), mechs):
            continue  # a rare character whose reading makes no word with a neighbour: no run here
        if not _chinese_around(text, h, h + 1):
            continue  # not a Chinese line (Cyrillic, Greek text)
        near = reach if strong else min(reach, 5)
        # a rare seed needs more: in Traditional text, where Big5 read as GBK
        # happens, 1.5x the gain with every repaired character inside a word
        # (in the second pass, less: see _convincing)
        weak_gain = (1.0 if second else 1.5 if traditional else 2.0) * min_gain
        ls = text.rfind("\n", 0, h) + 1
        le = text.find("\n", h)
        le = len(text) if le < 0 else le
        found: list[Recoding] = []
        for shown, really, reason in mechs:
            # the stretch around the seed whose characters this mix-up maps to common ones
            usable = lambda i: _maps_to_common(text[i], shown, really) and i not in taken_at and (second or not _in_foreign_word(text, i))  # noqa: E731
            a = h
            while a > max(ls, h - near) and usable(a - 1):
                a -= 1
            b = h + 1
            while b < min(le, h + near) and usable(b):
                b += 1
            for s in range(a, h + 1):
                for e in range(max(h + 1, s + 2), b + 1):
                    run = text[s:e]
                    after = redecode(run, shown, really)
                    if after is None or after == run:
                        continue
                    g = _gain(model, text, s, e, after)
                    if g >= (min_gain if strong else weak_gain):
                        found.append(Recoding(s, e, run, after, reason, g))
        ranked = sorted(found, key=lambda r: -(r.gain - CHAR_COST * (r.end - r.start)))
        # the second pass takes its best reading or none: a longer, lower-scoring one
        # that happens to convince (無可ㄑ差︽的 -> 供船行腔, 行腔 a word) is not
        # the run with a neighbour read wrongly
        for r in ranked[:1] if second else ranked:
            if _convincing(model, text, r, strong, min_gain, seed_set, own if second else None):
                r = _take_odd_neighbours(model, text, _grow(model, text, r, ls, le, taken_at, cost), ls, le, taken_at, seed_set, min_gain)
                out.append(r)
                covered.update(range(r.start, r.end))
                in_runs.update(r.before)
                break
    return out


class _LazyCounts(dict):
    """How often each character occurs in ``text``, counted on first use."""

    def __init__(self, text: str):
        super().__init__()
        self.text = text

    def __missing__(self, ch: str) -> int:
        if not self:
            self.update(Counter(self.text))
            return self.get(ch, 0)
        return 0


def _cost_of(text: str, seeds: frozenset[int], min_gain: float, counts: _LazyCounts):
    """What changing ``text[s:e]`` costs, for :func:`_grow`: ``CHAR_COST`` a
    character, or ``min_gain / 2`` for one that is no seed and that the
    document also writes outside the span, which is likely its own
    (``芿猠瑈办緉牧`` = 灤河流域駐牧 in a text on nomads: 牧 would read 鐘).
    Not for choosing among the spans around a seed: there it would keep
    common characters Big5 runs are full of (程 = 最, 常 = 都)."""

    def cost(s: int, e: int) -> float:
        span = text[s:e]
        return sum(CHAR_COST if s + k in seeds or counts[c] <= span.count(c) else min_gain / 2 for k, c in enumerate(span))

    return cost


def _grow(model, text: str, r: Recoding, ls: int, le: int, taken: frozenset[int], cost) -> Recoding:
    """Extend an accepted run past the seed's reach, a character or two at a
    time, while the same mix-up maps the neighbours to common characters and
    the model prefers the longer repair by more than it ``cost``s (see
    :func:`_cost_of`; runs can be longer than ``reach``).  A run never grows
    into one already ``taken`` (their offsets)."""
    shown, really = _CODECS[r.reason]
    while True:
        best = r
        for s, e in ((r.start - 1, r.end), (r.start - 2, r.end), (r.start, r.end + 1), (r.start, r.end + 2)):
            if s < ls or e > le or not all(_maps_to_common(c, shown, really) for c in text[s : e]) or any(i in taken for i in range(s, e)):
                continue
            after = redecode(text[s:e], shown, really)
            if after is None:
                continue
            g = _gain(model, text, s, e, after)
            if g - cost(s, e) > best.gain - cost(best.start, best.end):
                best = Recoding(s, e, text[s:e], after, r.reason, g)
        if best is r:
            return r
        r = best


_CODECS = {reason: (shown, really) for shown, really, reason in CJK_AS_CJK}


def _take_odd_neighbours(model, text: str, r: Recoding, ls: int, le: int, taken: frozenset[int], seeds: frozenset[int], min_gain: float) -> Recoding:
    """Extend a Big5 run over neighbours that are seeds themselves, unless the
    model loses ``min_gain / 2`` by it.  A Simplified-only character in
    Traditional text (``猰瑈场`` = 沸流部: 场 is 部) is odd to the eye but
    not to the model, which scores Simplified; beside a run it is far more
    likely a part of the run than text."""
    if r.reason != BIG5_AS_GBK:
        return r
    shown, really = _CODECS[r.reason]
    while True:
        for s, e in ((r.start - 1, r.end), (r.start, r.end + 1)):
            i = s if s < r.start else e - 1
            if s < ls or e > le or i not in seeds or i in taken or not _maps_to_common(text[i], shown, really):
                continue
            after = redecode(text[s:e], shown, really)
            if after is None:
                continue
            g = _gain(model, text, s, e, after)
            if g > r.gain - min_gain / 2:
                r = Recoding(s, e, text[s:e], after, r.reason, g)
                break
        else:
            return r


def _convincing(model, text: str, r: Recoding, strong: bool, min_gain: float, seeds: frozenset[int], own=None) -> bool:
    """Whether a CJK re-decoding is Chinese beyond doubt: its characters form
    words with their neighbours, or each repaired character gains
    ``min_gain`` on its own, as a symbol or rare character turned into a
    common one inside a phrase does (``┮剪知`` -> ``所熟知``).  A symbol used
    as a dash (``───``, read ``岸岸岸``) or a rare character in a name gains
    far less per character.

    Big5 read as GBK also convinces with ``CLUSTER_SHARE`` of that gain per
    character when the odd characters cluster, as they do in Big5 runs and
    not in clean text: two seeds or more in the span, or a seed from the
    symbol rows, or half the repaired characters inside words (``τ钉い`` ->
    ``而隊中``, ``畄恨烈跋`` -> ``島管轄區``); never for one character
    repeated.

    In the second pass (see :func:`_seeded_runs`; ``own(r)`` says whether
    the document uses a character of ``r`` outside it and the runs found)
    half the characters inside words, or that share of the gain, is
    enough; and a rare seed's reading may gain as little as ``min_gain``
    when every character is inside a word and the document uses none of the
    run's characters elsewhere (``残砍`` -> ``紹興``; but 勐 of
    ``勐養、勐籠、勐旺`` is the document's own, though ``勐籠`` reads ``衕蓋``).
    """
    cov = word_coverage(model, text, r.start, r.end, r.after)
    n = r.end - r.start
    if own is not None:
        if not strong and r.gain < 1.5 * min_gain:
            return cov >= 1.0 and not own(r)
        return cov >= 0.5 or len(set(r.before)) > 1 and r.gain >= CLUSTER_SHARE * min_gain * max(n, 1 if strong else 2)
    if cov >= (MIN_COVERAGE if strong else 1.0):
        return True
    if r.reason == BIG5_AS_GBK and len(set(r.before)) > 1 and r.gain >= CLUSTER_SHARE * min_gain * n:
        if strong or cov >= 0.5 or sum(1 for i in range(r.start, r.end) if i in seeds) >= 2:
            return True
    return r.gain >= min_gain * max(n, 1 if strong else 2)


@lru_cache(maxsize=65536)
def _pairs_with_neighbour(model, around: str, h: int, mechs: tuple[tuple[str, str, str], ...]) -> bool:
    """Whether the seed ``around[h]``, re-decoded by one of ``mechs``, forms a
    two-character dictionary word with a neighbour (taken as it is or
    re-decoded too) while as it stands it forms none: a cheap test that
    spares the model a span search around a rare character in clean text.
    ``around`` is the seed with its neighbours; clean text repeats it (names)."""
    simp = _simplified_char
    pairs = [(around[k], k < h) for k in (h - 1, h + 1) if 0 <= k < len(around)]
    word = lambda a, b: model.word_logp(simp(a) + simp(b)) is not None  # noqa: E731
    if any(word(ch, around[h]) if left else word(around[h], ch) for ch, left in pairs):
        return False  # the character as it stands makes a word (公里): it is text, not bytes
    for shown, really, _ in mechs:
        seed = redecode(around[h], shown, really)
        if not seed:
            continue
        for ch, left in pairs:
            for other in (ch, redecode(ch, shown, really) if _maps_to_common(ch, shown, really) else None):
                if other and (word(other, seed) if left else word(seed, other)):
                    return True
    return False


#: Letters of the alphabets GBK shows for Big5's common rows, one class per
#: alphabet: two of one class side by side are a word in that alphabet
#: (はい, Путин, ㄓㄨˋ), which the word model cannot score, so never a run.
#: Mojibake mixes them (らセ, いΤ) or sets them between Han characters.
_ALPHABETS = (
    regex.compile(r"[\u3041-\u309f]"),  # hiragana
    regex.compile(r"[\u30a0-\u30ff]"),  # katakana
    regex.compile(r"[\u0370-\u03ff]"),  # Greek
    regex.compile(r"[\u0400-\u04ff]"),  # Cyrillic
    regex.compile(r"[\u3105-\u312f\u02c7\u02ca\u02cb\u02d9]"),  # bopomofo and its tone marks
)


def _in_foreign_word(text: str, i: int) -> bool:
    """Whether ``text[i]`` and a neighbour are letters of one alphabet (see ``_ALPHABETS``)."""
    a = _alphabet(text[i])
    return a >= 0 and (i > 0 and _alphabet(text[i - 1]) == a or i + 1 < len(text) and _alphabet(text[i + 1]) == a)


@lru_cache(maxsize=None)
def _alphabet(ch: str) -> int:
    """The index of ``ch``'s alphabet in ``_ALPHABETS``, or -1."""
    return next((k for k, alphabet in enumerate(_ALPHABETS) if alphabet.match(ch)), -1)


@lru_cache(maxsize=None)
def _maps_to_common(ch: str, shown: str, really: str) -> bool:
    """Whether ``ch`` is one two-byte pair that ``really`` reads as a common
    character or a CJK punctuation mark."""
    if ch.isascii():
        return False
    a = redecode(ch, shown, really)
    return a is not None and len(a) == 1 and (a in common_han() or a in CJK_PUNCTUATION)


@lru_cache(maxsize=None)
def _strong(ch: str) -> bool:
    """Strong evidence of a CJK mix-up: kana, Greek, Cyrillic, box drawing,
    private use, or any other character from GBK's symbol rows A4-A9 (units
    such as ``㎝``, pinyin letters, bopomofo) — the rows where Big5 keeps its
    most common characters.  Punctuation and full-width forms (A1-A3) are not."""
    if _STRONG.match(ch):
        return True
    b = _encode(ch, "gbk")
    return b is not None and len(b) == 2 and 0xA4 <= b[0] <= 0xA9 and ch not in CJK_PUNCTUATION


def without_names(text: str, seeds: list[int]) -> list[int]:
    """``seeds`` less the rare characters the dictionary knows (a name's 璟):
    outside Traditional text they are no evidence of Big5 read as GBK."""
    return [h for h in seeds if not _known_rare(text[h])]


@lru_cache(maxsize=1)
def simplified_seed_chars() -> frozenset[str]:
    """Simplified-only characters (see :func:`_simplified_only_chars`) that a CJK
    mix-up maps to a common character: in Traditional text they seed runs,
    since Big5 read as GBK shows GB2312 codes, many of them Simplified forms
    (``等`` -> ``单``)."""
    return frozenset(ch for ch in _simplified_only_chars() if mechanisms_for(ch))


@lru_cache(maxsize=None)
def _known_rare(ch: str) -> bool:
    """A seed that is no symbol but a rare character the dictionary knows (a name's 璟)."""
    from .lang.model import get_model

    return not _strong(ch) and get_model().word_logp(_simplified_char(ch)) is not None


def is_traditional_text(text: str, head: int = 200) -> bool:
    """Whether ``text`` is written in Traditional characters, judged from its
    first ``head`` characters by two regex counts (cheap enough for clean text)."""
    traditional = _traditional_only()
    if traditional.search(text, 0, head) is None:
        return False  # Simplified text: one scan
    t = len(traditional.findall(text, 0, head))
    return t >= 5 and t > 3 * len(_simplified_only().findall(text, 0, head))


@lru_cache(maxsize=1)
def _traditional_only() -> re.Pattern[str]:
    """Common characters OpenCC t2s changes: only Traditional text uses them."""
    chars = sorted(common_han())
    simplified = to_simplified("\n".join(chars)).split("\n")  # one character per line: no phrase spans two
    return _char_class(c for c, s in zip(chars, simplified) if s != c)


@lru_cache(maxsize=1)
def _simplified_only() -> re.Pattern[str]:
    return _char_class(sorted(_simplified_only_chars()))


@lru_cache(maxsize=1)
def _simplified_only_chars() -> frozenset[str]:
    """Common characters only Simplified text uses: OpenCC t2s keeps them and
    no Traditional standard (s2t, s2tw, s2hk) does (``单``, not ``后`` or ``群``)."""
    import opencc

    chars = sorted(common_han())
    joined = "\n".join(chars)
    kept = [c == s for c, s in zip(chars, to_simplified(joined).split("\n"))]
    for cfg in ("s2t", "s2tw", "s2hk"):
        kept = [k and c != t for k, c, t in zip(kept, chars, opencc.OpenCC(cfg).convert(joined).split("\n"))]
    return frozenset(c for c, k in zip(chars, kept) if k)


def _char_class(chars) -> re.Pattern[str]:
    return re.compile("[" + re.escape("".join(chars)) + "]")


@lru_cache(maxsize=65536)
def _simplified_char(ch: str) -> str:
    """OpenCC per call costs more than the lookup it serves; clean text repeats its rare characters."""
    return to_simplified(ch)


@lru_cache(maxsize=None)
def mechanisms_for(ch: str) -> tuple[tuple[str, str, str], ...]:
    """The two-byte mix-ups that map ``ch`` itself to a common character."""
    common = common_han()
    out = []
    for shown, really, reason in CJK_AS_CJK:
        if really == "utf-8":
            continue
        a = redecode(ch, shown, really)
        if a and len(a) == 1 and a in common:
            out.append((shown, really, reason))
    return tuple(out)

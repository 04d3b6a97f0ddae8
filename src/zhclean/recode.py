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

from dataclasses import dataclass

import regex

from .lang.punctuation import CJK_PUNCTUATION
from .lang.rarity import common_han, is_suspect

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
LATIN_AS_CJK = (
    ("latin-1", "gbk", "GBK read as Latin-1"),
    ("cp1252", "gbk", "GBK read as Windows-1252"),
    ("latin-1", "big5", "Big5 read as Latin-1"),
    ("cp1252", "big5", "Big5 read as Windows-1252"),
)

#: A run of characters that Latin-1/Windows-1252 shows for high bytes, with
#: ASCII letters inside (GBK trail bytes 0x40-0x7E print as letters).
_LATIN_RUN = regex.compile(
    r"[\u0080-\u00ff\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201a"
    r"\u201c-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]"
    r"(?:[\u0080-\u00ff\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201a"
    r"\u201c-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122\x40-\x7e])+"
)

#: UTF-8 bytes of CJK text (three-byte sequences, optionally with ASCII or
#: two-byte sequences between), searched for in the GBK bytes of the text.
_UTF8_CJK = regex.compile(rb"(?:[\xe3-\xe9][\x80-\xbf]{2}){2,}(?:(?:[\x21-\x7e]|[\xc2-\xdf][\x80-\xbf])*(?:[\xe2-\xef][\x80-\xbf]{2})+)*")


#: Share of repaired characters that must form dictionary words (see word_coverage).
MIN_COVERAGE = 0.6


@dataclass(frozen=True)
class Recoding:
    start: int
    end: int
    before: str
    after: str
    reason: str
    gain: float  # log-probability gained by the re-decoding


def is_clean_chinese(s: str) -> bool:
    """Every character is common Han, CJK punctuation or printable ASCII."""
    common = common_han()
    return all(ch in common or ch in CJK_PUNCTUATION or (ch.isascii() and ch.isprintable()) for ch in s)


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
    """GBK or Big5 bytes shown as Latin-1/Windows-1252 (``ÖÐÎÄ``)."""
    out = []
    for m in _LATIN_RUN.finditer(text):
        start, run = m.start(), m.group(0)
        # trailing ASCII letters are only part of the run if they complete a pair
        best = None
        for end in range(len(run), 1, -1):
            if end < len(run) and not run[end].isascii():
                break
            piece = run[:end]
            if sum(1 for ch in piece if not ch.isascii()) < 2:
                break
            for shown, really, reason in LATIN_AS_CJK:
                raw = _encode(piece, shown)
                if raw is None or _is_utf8(raw):
                    continue  # valid UTF-8: Western mojibake, ftfy's case
                after = _decode(raw, really)
                if after is None or not is_clean_chinese(after) or sum(1 for c in after if c > "\u2e80") < 1:
                    continue
                g = _gain(model, text, start, start + end, after)
                if best is None or g > best.gain:
                    best = Recoding(start, start + end, piece, after, reason, g)
            if best is not None:
                break
        if best is not None and best.gain >= min_gain and word_coverage(model, text, best.start, best.end, best.after) >= MIN_COVERAGE:
            out.append(best)
    return out


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


def _is_utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return any(b >= 0x80 for b in raw)


def utf8_as_gbk_runs(text: str, model, min_gain: float) -> list[Recoding]:
    """UTF-8 bytes shown as GBK (``涓枃``), found by their byte pattern."""
    try:
        raw = text.encode("gb18030")
    except UnicodeEncodeError:
        return []
    out = []
    offsets = None
    for m in _UTF8_CJK.finditer(raw):
        if offsets is None:
            offsets = _byte_to_char(text)
        for bs in (m.start(), m.start() + 1, m.start() + 2):
            if bs not in offsets:
                continue
            be = m.end()
            while be > bs and (be not in offsets or _decode(raw[bs:be], "utf-8") is None):
                be -= 1
            if be - bs < 6:
                continue
            start, end = offsets[bs], offsets[be]
            after = raw[bs:be].decode("utf-8")
            if not is_clean_chinese(after):
                continue
            g = _gain(model, text, start, end, after)
            if g >= min_gain and word_coverage(model, text, start, end, after) >= MIN_COVERAGE:
                out.append(Recoding(start, end, text[start:end], after, "UTF-8 read as GBK", g))
            break
    return out


def _byte_to_char(text: str) -> dict[int, int]:
    offsets = {}
    b = 0
    for i, ch in enumerate(text):
        offsets[b] = i
        b += 1 if ch < "\x80" else len(ch.encode("gb18030"))
    offsets[b] = len(text)
    return offsets


def cjk_runs(text: str, suspects: set[str], model, min_gain: float, max_len: int = 24) -> list[Recoding]:
    """CJK bytes shown in another CJK codec (Big5 as GBK: ``い瓣``), found
    around clusters of unusual characters and scored span by span."""
    out: list[Recoding] = []
    if not suspects:
        return out
    pat = regex.compile("[" + regex.escape("".join(suspects)) + "]")
    hits = [m.start() for m in pat.finditer(text)]
    windows: list[list[int]] = []
    for h in hits:
        if windows and h - windows[-1][1] <= 3:
            windows[-1][1] = h + 1
            windows[-1][2] += 1
        else:
            windows.append([h, h + 1, 1])
    for ws, we, count in windows:
        if count < 2:
            continue
        ls = text.rfind("\n", 0, ws) + 1
        le = text.find("\n", we)
        le = len(text) if le < 0 else le
        lo, hi = max(ls, ws - 8), min(le, we + 8)
        found: list[Recoding] = []
        for s in range(lo, ws + 1):
            for e in range(max(we, s + 2), min(hi, s + max_len) + 1):
                run = text[s:e]
                if not is_suspect(run[0]) and not is_suspect(run[-1]):
                    continue
                for shown, really, reason in CJK_AS_CJK:
                    after = redecode(run, shown, really)
                    if after is None or after == run or not is_clean_chinese(after):
                        continue
                    g = _gain(model, text, s, e, after)
                    if g >= min_gain:
                        found.append(Recoding(s, e, run, after, reason, g))
        for r in sorted(found, key=lambda r: -r.gain):
            if word_coverage(model, text, r.start, r.end, r.after) >= MIN_COVERAGE:
                out.append(r)
                break
    return out

"""Which Han characters are common in running Chinese text.

Mojibake made of CJK characters (UTF-8 or Big5 read as GBK) is mostly rare
characters, kana and symbols; clean text is mostly common characters.  This
gives the cheap character-class test that lets clean text skip the language
model entirely.  "Common" is derived from data: a character's frequency is the
summed frequency of the jieba words containing it, and a Traditional
character counts as common when its OpenCC t2s form is.
"""

from __future__ import annotations

from collections import Counter
import pathlib
import re
from functools import lru_cache

import regex

#: How many of the most frequent Simplified characters count as common
#: (roughly the 通用规范汉字表 level-1 and level-2 size).
COMMON_SIMPLIFIED = 5000


_DATA = pathlib.Path(__file__).resolve().parents[1] / "data" / "common_han.txt"


@lru_cache(maxsize=1)
def common_han() -> frozenset[str]:
    """Common Han characters, Simplified and Traditional.

    Read from the list shipped in ``zhclean/data`` (built by
    ``scripts/build_common_han.py``) so the fast path needs no dictionary;
    computed from jieba's dictionary if the list is missing.
    """
    if _DATA.exists():
        lines = _DATA.read_text(encoding="utf-8").splitlines()
        return frozenset("".join(ln for ln in lines if not ln.startswith("#")))
    return compute_common_han()


def compute_common_han() -> frozenset[str]:
    """Derive the common characters from jieba's word frequencies."""
    from .model import get_model, to_simplified

    freq: Counter[str] = Counter()
    for word, f in get_model().freq.items():
        for ch in word:
            freq[ch] += f
    top = {ch for ch, _ in freq.most_common(COMMON_SIMPLIFIED)}
    han = [chr(i) for i in range(0x4E00, 0xA000)]
    return frozenset(ch for ch in han if ch in top or to_simplified(ch) in top)


_UNUSUAL = regex.compile(
    r"[\u00c0-\u00ff\u0370-\u04ff\u2500-\u257f\u3040-\u30ff\ue000-\uf8ff\ufffd\u3400-\u4dbf\U00020000-\U0002ffff]"
)


@lru_cache(maxsize=None)
def is_suspect(ch: str) -> bool:
    """A character unusual in Chinese text: a rare Han character, kana, Greek,
    Cyrillic, box drawing, Latin-1 letters, private use, ``�``."""
    if "\u4e00" <= ch <= "\u9fff":
        return ch not in common_han()
    return bool(_UNUSUAL.match(ch))


@lru_cache(maxsize=1)
def _plain() -> frozenset[str]:
    """Characters that are never suspect: common Han, CJK punctuation, ASCII, full-width forms."""
    from .punctuation import CJK_PUNCTUATION

    ascii_and_forms = {chr(i) for i in range(0x00, 0xC0)} | {chr(i) for i in range(0xFF01, 0xFF5F)}
    return common_han() | CJK_PUNCTUATION | ascii_and_forms | set("\u3000\u2014\u2026\u00b7")


def plain_chars() -> frozenset[str]:
    """Common Han, CJK punctuation, ASCII and Latin-1 up to ¿, full-width forms:
    what ``suspect_chars`` never looks at."""
    return _plain()


@lru_cache(maxsize=1)
def _not_plain() -> re.Pattern[str]:
    # the standard library's re scans a negated class of ~7k characters at
    # hundreds of MB/s, much faster than building a set of the text
    return re.compile("[^" + re.escape("".join(sorted(_plain()))) + "]")


def suspect_chars(text: str) -> set[str]:
    """The unusual characters present in ``text`` (one regex scan: fast on clean text)."""
    return {ch for ch in set(_not_plain().findall(text)) if is_suspect(ch)}


def suspect_positions(text: str) -> list[int]:
    """Offsets of the unusual characters in ``text``."""
    return [m.start() for m in _not_plain().finditer(text) if is_suspect(m.group())]


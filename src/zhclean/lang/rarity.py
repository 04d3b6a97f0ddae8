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
from functools import lru_cache

import regex

#: How many of the most frequent Simplified characters count as common
#: (roughly the 通用规范汉字表 level-1 and level-2 size).
COMMON_SIMPLIFIED = 5000


@lru_cache(maxsize=1)
def common_han() -> frozenset[str]:
    """Common Han characters, Simplified and Traditional."""
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


def is_suspect(ch: str) -> bool:
    """A character unusual in Chinese text: a rare Han character, kana, Greek,
    Cyrillic, box drawing, Latin-1 letters, private use, ``�``."""
    if "\u4e00" <= ch <= "\u9fff":
        return ch not in common_han()
    return bool(_UNUSUAL.match(ch))


def suspect_chars(text: str) -> set[str]:
    """The unusual characters present in ``text`` (a set test, fast on clean text)."""
    return {ch for ch in set(text) if ord(ch) >= 0xC0 and is_suspect(ch)}

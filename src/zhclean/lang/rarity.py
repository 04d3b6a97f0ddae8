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
from functools import lru_cache

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


@lru_cache(maxsize=1)
def plain_chars() -> frozenset[str]:
    """Common Han, CJK punctuation, ASCII and Latin-1 up to ¿, full-width forms:
    characters that never start a mojibake run."""
    from .punctuation import CJK_PUNCTUATION

    ascii_and_forms = {chr(i) for i in range(0x00, 0xC0)} | {chr(i) for i in range(0xFF01, 0xFF5F)}
    return common_han() | CJK_PUNCTUATION | ascii_and_forms | set("\u3000\u2014\u2026\u00b7")

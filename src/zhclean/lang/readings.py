"""Pinyin readings of characters, for checking a visible ``(pīnyīn)`` against a candidate.

Pinyin annotations in scraped pages are written with GBK's own tone letters
(row A8: ``ā`` = A8A1 …, ``ɑ`` = A8BB, ``ń`` = A8BD …).  A reading left behind
by damaged bytes (``?biāo)``) pins the character it annotated, so candidate
characters are checked against every reading pypinyin knows (heteronyms).
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

import regex

#: One pinyin syllable with tone marks, as annotation tools print it.
SYLLABLE = r"[a-zA-Z\u00fc\u00ea\u0251\u0101\u00e1\u01ce\u00e0\u0113\u00e9\u011b\u00e8\u012b\u00ed\u01d0\u00ec\u014d\u00f3\u01d2\u00f2\u016b\u00fa\u01d4\u00f9\u01d6\u01d8\u01da\u01dc\u0144\u0148\u01f9\u1e3f]{1,7}"

#: A complete annotation ``(pīn)`` right after the character it reads.
ANNOTATION = regex.compile(rf"\(({SYLLABLE})\)")

#: An annotation whose ``(`` was lost: ``biāo)``.
ORPHAN_CLOSE = regex.compile(rf"({SYLLABLE})\)")


def normalize(syllable: str) -> str:
    """Compare readings in one spelling: NFC, lower case, ``ɑ`` as ``a``."""
    return unicodedata.normalize("NFC", syllable).lower().replace("\u0251", "a")


@lru_cache(maxsize=None)
def readings(ch: str) -> frozenset[str]:
    """Every tone-marked reading pypinyin gives ``ch`` (heteronyms included)."""
    from pypinyin import Style, pinyin

    got = pinyin(ch, style=Style.TONE, heteronym=True, errors=lambda _: [[]])
    if not got or not got[0]:
        return frozenset()
    return frozenset(normalize(r) for r in got[0] if r and r != ch)


def reads_as(ch: str, syllable: str) -> bool:
    return normalize(syllable) in readings(ch)

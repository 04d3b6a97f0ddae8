"""Pinyin readings of Han characters, from pypinyin's character table (heteronyms included).

Readings are compared in one canonical form: tone numbers with ``v`` for ü and
no digit for the neutral tone (``shí`` → ``shi2``, ``lǜ`` / ``lü4`` / ``lu:4`` →
``lv4``, ``de5`` → ``de``).  A Traditional character missing from the table is
looked up through its Simplified form.
"""

from __future__ import annotations

from functools import lru_cache

import regex

#: Letters that can occur in a written pinyin syllable, tone marks included
#: (``ɑ`` U+0251 is GBK's own tone-letter row A8BB, used by annotation tools).
PINYIN_LETTERS = "a-zA-ZāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüÜêÊńňǹḿĀÁǍÀĒÉĚÈĪÍǏÌŌÓǑÒŪÚǓÙɑ"

#: One pinyin syllable with tone marks, as annotation tools print it.
SYLLABLE = rf"[{PINYIN_LETTERS}]{{1,7}}"

#: A complete annotation ``(pīn)`` right after the character it reads.
ANNOTATION = regex.compile(rf"\(({SYLLABLE})\)")

#: An annotation whose ``(`` was lost to damaged bytes: ``biāo)``.
ORPHAN_CLOSE = regex.compile(rf"({SYLLABLE})\)")
_TONE_MARKED = regex.compile("[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿĀÁǍÀĒÉĚÈĪÍǏÌŌÓǑÒŪÚǓÙ]")


def canonical(syllable: str) -> str:
    """One written syllable (``Shí``, ``shi2``, ``lü4``, ``lu:4``, ``de5``) in canonical form."""
    from pypinyin.contrib.tone_convert import to_tone3

    s = syllable.lower().replace("\u0251", "a").replace("u:", "v").replace("ü", "v")
    if s[-1:].isdigit():
        return s[:-1] if s[-1] == "5" else s
    return to_tone3(s, v_to_u=False).replace("ü", "v")


def has_tone(syllable: str) -> bool:
    """True when the syllable is written with a tone mark or a tone number 1-4."""
    return bool(_TONE_MARKED.search(syllable)) or syllable[-1:] in ("1", "2", "3", "4")


@lru_cache(maxsize=None)
def _table_entry(char: str) -> tuple[str, ...]:
    """pypinyin's readings of ``char``, its usual reading first."""
    from pypinyin.pinyin_dict import pinyin_dict

    found = pinyin_dict.get(ord(char)) if len(char) == 1 else None
    if found is None and len(char) == 1:
        from .model import to_simplified

        simple = to_simplified(char)
        if simple != char and len(simple) == 1:
            found = pinyin_dict.get(ord(simple))
    return tuple(canonical(r) for r in found.split(",")) if found else ()


@lru_cache(maxsize=None)
def readings(char: str) -> frozenset[str]:
    """The canonical readings of ``char`` (empty for characters pypinyin does not know)."""
    return frozenset(_table_entry(char))


def usual_reading(char: str) -> str | None:
    """The first reading in pypinyin's table (长 → ``zhang3``, 敦 → ``dun1``), the one a
    context-free annotation tool writes for every occurrence; ``None`` if unknown."""
    entry = _table_entry(char)
    return entry[0] if entry else None


def reads_as(char: str, syllable: str) -> bool:
    """True when ``syllable`` (any written form) is a reading of ``char``."""
    return bool(syllable) and canonical(syllable) in readings(char)


@lru_cache(maxsize=1)
def all_syllables() -> frozenset[str]:
    """Every canonical syllable that is a reading of some character."""
    from pypinyin.pinyin_dict import pinyin_dict

    written = {r for value in pinyin_dict.values() for r in value.split(",")}
    return frozenset(canonical(r) for r in written)


@lru_cache(maxsize=None)
def gbk_trail_readings(trail: str) -> frozenset[str]:
    """Readings of every GBK character whose second byte is the ASCII character ``trail``.

    When a GBK stream is read one byte out of phase, a character's trail byte in
    0x40-0x7E shows up as a Latin letter or symbol (開 = E9 5F → ``_``); an
    annotation written after that character then follows the stray symbol.
    """
    out: set[str] = set()
    if len(trail) != 1 or not 0x40 <= ord(trail) <= 0x7E:
        return frozenset()
    for lead in range(0x81, 0xFF):
        try:
            char = bytes([lead, ord(trail)]).decode("gbk")
        except UnicodeDecodeError:
            continue
        out |= readings(char)
    return frozenset(out)


#: How many characters count as common: the size of the national list of
#: frequently used characters (现代汉语常用字表, 3,500 characters).
COMMON_CHARS = 3500


@lru_cache(maxsize=1)
def _common_chars() -> frozenset[str]:
    from collections import Counter

    from .model import get_model

    counts: Counter[str] = Counter()
    for word, freq in get_model().freq.items():
        for ch in word:
            counts[ch] += freq
    return frozenset(ch for ch, _ in counts.most_common(COMMON_CHARS))


def is_common_char(char: str) -> bool:
    """True for the 3,500 most frequent characters in jieba's word list (Traditional via t2s).

    Editors gloss rare characters on purpose (童寯（jùn）, 簋（guǐ）); annotation
    tools gloss common ones by the hundred (區(qū), 業(yè)).
    """
    from .model import to_simplified

    return char in _common_chars() or to_simplified(char) in _common_chars()

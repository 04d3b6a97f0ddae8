"""Byte-level GBK machinery for undoing mis-decodings.

Chinese mojibake is a statement about bytes: a GBK stream read one byte out
of phase, a UTF-8 stream read as GBK, a GBK stream read as Latin-1.  To undo
it we need, for any character we can see, the bytes it came from, and for any
pair of bytes, the character a decoder would have shown.  This module holds
those two directions and a faithful model of the damaging decoder.

GBK facts used throughout: lead bytes are 0x81-0xFE; trail bytes are
0x40-0x7E and 0x80-0xFE.  User-defined codes (rows AA-AF and F8-FE with
trails A1-FE, rows A1-A7 with trails 40-A0) decode to the Private Use Area;
in the damaged seeds such characters were later deleted, so a pair can be
*invisible* (see ../shared/notes/seed-damage-model.md).
"""

from __future__ import annotations

from functools import lru_cache

LEADS = range(0x81, 0xFF)
TRAILS = tuple(range(0x40, 0x7F)) + tuple(range(0x80, 0xFF))

#: Full-width marks the seeds' normalisation turned into ASCII.  Inside a
#: garbled run, an ASCII ``!`` is therefore the GBK bytes of ``！`` (A3A1).
ASCIIISED_PUNCTUATION = {"!": "！", ",": "，", ":": "：", ";": "；", "?": "？", "(": "（", ")": "）", "%": "％"}


def is_trail(b: int) -> bool:
    return 0x40 <= b <= 0x7E or 0x80 <= b <= 0xFE


def is_private_use(ch: str) -> bool:
    return "\ue000" <= ch <= "\uf8ff"


@lru_cache(maxsize=None)
def pair_char(lead: int, trail: int) -> str | None:
    """The character a GBK decoder shows for ``lead trail``.

    ``""`` means the pair is a user-defined code (Private Use Area, invisible
    once deleted); ``None`` means it is not a character at all.
    """
    if not (0x81 <= lead <= 0xFE and is_trail(trail)):
        return None
    pair = bytes((lead, trail))
    try:
        return pair.decode("gbk")
    except UnicodeDecodeError:
        pass
    try:
        ch = pair.decode("gb18030")
    except UnicodeDecodeError:
        return None
    return "" if is_private_use(ch) else ch


def is_invisible_pair(lead: int, trail: int) -> bool:
    return pair_char(lead, trail) == ""


@lru_cache(maxsize=None)
def stream_bytes(ch: str) -> bytes | None:
    """The GBK bytes a visible character stood for in the damaged stream.

    ASCII-ised punctuation maps back to its full-width bytes; other ASCII is
    itself; characters that have no two-byte code give ``None``.  It is the
    inverse of :func:`pair_char`, so the GB18030 codes that Python's ``gbk``
    codec lacks (``€`` A2E3, the radicals and CJK Extension A characters of
    row FE such as ``䲣`` FE92) are found the same way.
    """
    if ch in ASCIIISED_PUNCTUATION:
        ch = ASCIIISED_PUNCTUATION[ch]
    if ch.isascii():
        return ch.encode("ascii")
    for codec in ("gbk", "gb18030"):
        try:
            b = ch.encode(codec)
        except UnicodeEncodeError:
            continue
        if len(b) == 2:
            return b
    return None


@lru_cache(maxsize=None)
def chars_with_trail(trail: int) -> tuple[tuple[int, str], ...]:
    """Every ``(lead, char)`` whose GBK code ends in ``trail`` (visible characters only)."""
    out = []
    for lead in LEADS:
        ch = pair_char(lead, trail)
        if ch:
            out.append((lead, ch))
    return tuple(out)


@lru_cache(maxsize=None)
def chars_with_lead(lead: int) -> tuple[tuple[int, str], ...]:
    """Every ``(trail, char)`` whose GBK code starts with ``lead`` (visible characters only)."""
    out = []
    for trail in TRAILS:
        ch = pair_char(lead, trail)
        if ch:
            out.append((trail, ch))
    return tuple(out)


def swallowing_gbk_decode(data: bytes, *, keep_private_use: bool = False) -> str:
    """Decode ``data`` the way the seeds' damaging tool did (damage model, step 3).

    A lead byte followed by a byte that cannot be a trail becomes one ``?``
    and that byte is consumed; a lone lead at the end becomes ``?``; user-defined
    codes vanish unless ``keep_private_use``.  Python's ``gbk`` codec with
    ``errors="replace"`` keeps the following byte, so it cannot reproduce the seeds.

    >>> swallowing_gbk_decode(bytes.fromhex("a3a1b0c8abbf68"))
    '！叭h'
    >>> swallowing_gbk_decode(b"\\xcb(bi\\xa8\\xa2o)")
    '?biāo)'
    """
    out: list[str] = []
    i, n = 0, len(data)
    while i < n:
        b = data[i]
        if b < 0x80:
            out.append(chr(b))
            i += 1
        elif not 0x81 <= b <= 0xFE:
            out.append("?")
            i += 1
        elif i + 1 >= n:
            out.append("?")
            i += 1
        else:
            t = data[i + 1]
            i += 2
            ch = pair_char(b, t)
            if ch is None:
                out.append("?")
            elif ch or keep_private_use:
                out.append(ch or bytes((b, t)).decode("gb18030"))
    return "".join(out)

"""Byte-level codecs that reproduce how real Chinese text got damaged.

Python's own ``gbk`` decoder with ``errors="replace"`` is too polite to
reproduce the seeds: the tool that damaged them read a lead byte followed by an
ASCII byte that cannot be a trail (``(``, ``<``, a digit) as *one* ``?`` and
consumed the ASCII byte with it.  That is why the ``(`` of pinyin annotations
and the ``<`` of ``</p>`` vanish in seed 001 (``?!?/p>`` was ``。”</p>``).
See ``../shared/notes/seed-damage-model.md``, step 3.
"""

from __future__ import annotations

#: GBK lead bytes; trail bytes are 0x40-0x7E and 0x80-0xFE.
_LEAD = range(0x81, 0xFF)


def _is_trail(b: int) -> bool:
    return 0x40 <= b <= 0x7E or 0x80 <= b <= 0xFE


def _is_private_use(ch: str) -> bool:
    return "\ue000" <= ch <= "\uf8ff"


def swallowing_gbk_decode(data: bytes, *, keep_private_use: bool = False) -> str:
    """Decode ``data`` as GBK the way the seeds' damaging tool did.

    - a lead byte followed by a valid trail byte decodes as a pair; a pair GBK
      leaves unassigned becomes ``?``;
    - GBK user-defined codes decode to Private Use Area characters, which the
      seeds later lost, so they are dropped unless ``keep_private_use``;
    - a lead byte followed by an ASCII byte that cannot be a trail becomes one
      ``?`` **and the ASCII byte is consumed**;
    - a lone lead byte at the end becomes ``?``.

    >>> swallowing_gbk_decode(bytes.fromhex("a3a1b0c8abbf68"))  # “全縣 read from 。's trail byte
    '！叭h'
    >>> swallowing_gbk_decode(b"\\xa1(shi)")
    '?shi)'
    """
    out: list[str] = []
    i, n = 0, len(data)
    while i < n:
        b = data[i]
        if b < 0x80:
            out.append(chr(b))
            i += 1
            continue
        if b not in _LEAD:
            out.append("?")  # 0x80 and 0xFF are never characters in GBK
            i += 1
            continue
        if i + 1 >= n:
            out.append("?")
            break
        t = data[i + 1]
        i += 2
        if not _is_trail(t):
            out.append("?")  # the following byte, ASCII or not, is swallowed
            continue
        pair = bytes((b, t))
        try:
            out.append(pair.decode("gbk"))
        except UnicodeDecodeError:
            try:
                ch = pair.decode("gb18030")  # user-defined areas map to the PUA here
            except UnicodeDecodeError:
                out.append("?")
                continue
            if keep_private_use or not _is_private_use(ch):
                out.append(ch)
    return "".join(out)

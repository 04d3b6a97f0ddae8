"""Byte-level codecs that reproduce how real Chinese text got damaged.

Python's own ``gbk`` decoder with ``errors="replace"`` is too polite to
reproduce the seeds: the tool that damaged them read a lead byte followed by an
ASCII byte that cannot be a trail (``(``, ``<``, a digit) as *one* ``?`` and
consumed the ASCII byte with it.  That is why the ``(`` of pinyin annotations
and the ``<`` of ``</p>`` vanish in seed 001 (``?!?/p>`` was ``。”</p>``).
See ``../shared/notes/seed-damage-model.md``, step 3.

The generator damages text with the very decoder the mojibake filter models,
:func:`zhclean.encodings.swallowing_gbk_decode`, so the two cannot drift apart.
"""

from __future__ import annotations

from ..encodings import swallowing_gbk_decode

__all__ = ["swallowing_gbk_decode"]

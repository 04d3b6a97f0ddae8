"""Regenerate src/zhclean/data/common_han.txt, the common-character list the
mojibake filter's fast path uses (so clean text never loads jieba's dictionary).

Usage: PYTHONPATH=src python3 scripts/build_common_han.py
"""

from __future__ import annotations

import pathlib

from zhclean.lang.rarity import compute_common_han

OUT = pathlib.Path(__file__).resolve().parents[1] / "src" / "zhclean" / "data" / "common_han.txt"

if __name__ == "__main__":
    chars = "".join(sorted(compute_common_han()))
    OUT.parent.mkdir(exist_ok=True)
    header = "# Common Han characters (Simplified and Traditional), derived from jieba dict.txt + OpenCC t2s by scripts/build_common_han.py\n"
    OUT.write_text(header + "\n".join(chars[i : i + 100] for i in range(0, len(chars), 100)) + "\n", encoding="utf-8")
    print(f"{len(chars)} characters -> {OUT}")

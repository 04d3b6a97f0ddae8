#!/usr/bin/env python3
"""CPU time of the whole pipeline on pathological and forum-like inputs, at growing sizes.

    python3 scripts/bench_pathological.py [--case NAME] [--sizes 1000,4000]

Each case is one input shape that once made a filter quadratic or slow (the
acceptance audit's fourth pass, item 8).  For every size it prints the input
length, CPU seconds (``time.process_time`` of this process, model loaded and
warmed first) and seconds per 1,000 characters: that figure should stay flat
as the size grows.  Not a test: timings belong here, never in the suite.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import zhclean  # noqa: E402

#: name -> (input of size n, default sizes)
CASES = {
    "question-marks": (lambda n: "?" * n + "\n", (8_000, 32_000, 200_000)),  # one line of "?"
    "open-parens": (lambda n: "(" * n + "中", (1_000, 4_000, 20_000)),  # punctuation _neighbour
    "macrons": (lambda n: "ā" * n + "中", (250, 1_000, 2_000)),  # mojibake cjk_runs -> word_coverage
    "pinyin-notes": (lambda n: "(shí)" * n, (250, 500, 1_000)),  # pinyin _anchor
    "forum": (lambda n: "这是什么??我不知道???\n" * n, (100, 400, 800)),  # forum questions
    "lossy-ascii": (lambda n: "中文?" * n, (500, 2_000, 6_667)),  # every third character a "?"
}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--case", action="append", choices=sorted(CASES), help="run only these cases (repeatable)")
    ap.add_argument("--sizes", help="comma-separated sizes (default: per case)")
    args = ap.parse_args()
    from zhclean.lang.model import get_model

    get_model()
    zhclean.fix_text("中文?测试(shí)ā&amp;\n")  # load the model and every filter's tables
    for name in args.case or CASES:
        make, sizes = CASES[name]
        for n in [int(s) for s in args.sizes.split(",")] if args.sizes else sizes:
            text = make(n)
            t0 = time.process_time()
            zhclean.fix_text(text)
            cpu = time.process_time() - t0
            print(f"{name:15} n={n:<8} chars={len(text):<8} cpu={cpu:7.2f}s  per 1k chars={1000 * cpu / len(text):6.3f}s", flush=True)


if __name__ == "__main__":
    main()

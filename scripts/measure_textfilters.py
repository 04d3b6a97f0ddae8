"""Measure the pinyin, script and punctuation filters on a clean corpus: speed and changes per MB.

    python3 scripts/measure_textfilters.py ../shared/corpus/rmrb [../shared/corpus/drcd_wiki]

Prints MB/s of CPU time on one core (best of 3 runs, after a warm-up that loads the tables;
CPU time, so other load on the machine does not count), the
ratio of script conversion to bare OpenCC on the same text, and every class of change
the filters make, per MB.  Speed is measured here, never in the test suite.
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from pathlib import Path

from zhclean.filters.pinyin import Pinyin
from zhclean.filters.punctuation import Punctuation
from zhclean.filters.script import Script, converter


def best_of(fn, runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        t0 = time.process_time()
        fn()
        times.append(time.process_time() - t0)
    return min(times)


def main(folders: list[str]) -> None:
    for folder in folders:
        text = "\n".join(p.read_text("utf-8") for p in sorted(Path(folder).iterdir()) if p.is_file())
        mb = len(text.encode("utf-8")) / 1e6
        print(f"== {folder}: {mb:.2f} MB")
        filters = {
            "pinyin": Pinyin(),
            "punctuation": Punctuation(),
            "script to=keep": Script(),
            "script to=hans": Script(to="hans"),
            "script to=hant": Script(to="hant"),
        }
        for name, f in filters.items():
            f.apply(text[:2000])  # warm-up: loads pypinyin, OpenCC, the language model
            seconds = best_of(lambda: f.apply(text))
            step = f.apply(text)
            print(f"{name:16s} {mb / seconds:7.1f} MB/s  edits {len(step.edits):6d} ({len(step.edits) / mb:.1f}/MB)  notices {len(step.notices)}")
            for reason, n in Counter(e.reason for e in step.edits).most_common(8):
                print(f"    {n:6d}  {reason}")
        for config in ("t2s", "s2t"):
            cc = converter(config)
            seconds = best_of(lambda: cc.convert(text))
            print(f"bare OpenCC {config:4s} {mb / seconds:7.1f} MB/s")


if __name__ == "__main__":
    main(sys.argv[1:] or ["../shared/corpus/rmrb"])

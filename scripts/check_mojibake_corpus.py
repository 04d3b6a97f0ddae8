"""Check that the mojibake filter changes nothing in clean text.

Usage: PYTHONPATH=src python3 scripts/check_mojibake_corpus.py [DIR ...]
(default: ../shared/corpus/rmrb ../shared/corpus/drcd_wiki).  Prints every
edit it would make (each one is a false repair), the notices, and the time
per megabyte; exits 1 if any file would change.
"""

from __future__ import annotations

import pathlib
import sys
import time

from zhclean.filters.mojibake import Mojibake


def main(dirs: list[str]) -> int:
    flt = Mojibake()
    changed = notices = files = 0
    size = 0
    elapsed = 0.0
    for d in dirs:
        for path in sorted(pathlib.Path(d).glob("*.txt")):
            text = path.read_text(encoding="utf-8")
            size += len(text.encode("utf-8"))
            files += 1
            t = time.perf_counter()
            step = flt.apply(text)
            elapsed += time.perf_counter() - t
            notices += len(step.notices)
            for n in step.notices:
                print(f"notice {path.name}:{n.start} {n.text!r} {n.reason}")
            if step.text != text:
                changed += 1
                for e in step.edits:
                    print(f"FALSE REPAIR {path.name}:{e.start} {e.before!r} -> {e.after!r} ({e.reason})")
    mb = size / 1e6
    print(f"{files} files, {mb:.1f} MB, {changed} changed, {notices} notices, {elapsed:.1f} s ({mb / max(elapsed, 1e-9):.1f} MB/s)")
    return 1 if changed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:] or ["../shared/corpus/rmrb", "../shared/corpus/drcd_wiki"]))

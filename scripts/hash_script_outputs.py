"""Hash the script filter's output (text, edits, notices) on clean corpora, to prove a speed-up changed nothing.

    PYTHONPATH=src python3 scripts/hash_script_outputs.py > after.txt
    PYTHONPATH=/path/to/old/checkout/src python3 scripts/hash_script_outputs.py > before.txt
    diff before.txt after.txt

Speed is measured by ``measure_textfilters.py``, not here.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

from zhclean.filters.script import Script

TARGETS = ("hans", "hant", "tw", "hk")


def main(folders: list[str]) -> None:
    for folder in folders:
        text = "\n".join(p.read_text("utf-8") for p in sorted(Path(folder).iterdir()) if p.is_file())
        for to in TARGETS:
            step = Script(to=to).apply(text)
            digest = hashlib.sha256(step.text.encode("utf-8"))
            for item in (*step.edits, *step.notices):
                digest.update(repr(item).encode("utf-8"))
            print(f"{Path(folder).name} to={to}: {len(step.edits)} edits, sha256 {digest.hexdigest()[:16]}")


if __name__ == "__main__":
    main(sys.argv[1:] or ["../shared/corpus/drcd_wiki", "../shared/corpus/rmrb"])

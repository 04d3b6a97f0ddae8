#!/usr/bin/env python3
"""List every Big5-read-as-GBK run the mojibake filter does not restore, and why.

    python3 scripts/big5_misses.py --seeds 0,1,2 --limit 20

Damage comes from the benchmark generator (``big5_as_gbk`` on the shared
corpus, as ``scripts/bench_quality.py`` makes it).  Each missed run is put in
one class:

- ``undetected``: no edit and no notice touches the run;
- ``undetected, no seed``: of those, the run holds no odd character (no
  seed of the first pass: only common characters, ``埃差`` = 除船);
- ``boundaries``: an edit touches the run but the run's clean text does not come back
  (wrong span, or a wrong reading);
- ``undecided``: only a notice touches it.

Each line also says how many edits the document got (``repaired=``): a
document with none never gets the second, less wary pass.  Edits that change
a character the damage left alone are false repairs and are listed as such.

Evaluation only: reads ../shared/corpus.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from zhclean.filters.mojibake import Mojibake, _scan  # noqa: E402
from zhclean.recode import is_traditional_text  # noqa: E402
from zhclean.testing import damage_corpus, load_corpus  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--seeds", default="0,1", help="comma-separated damage seeds (each also samples the documents)")
    p.add_argument("--limit", type=int, default=20, help="Traditional documents per seed")
    p.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpus"))
    args = p.parse_args(argv)
    filt = Mojibake()
    kinds: Counter[str] = Counter()
    total = false = 0
    for seed in map(int, args.seeds.split(",")):
        docs = load_corpus(args.corpus, limit=args.limit, seed=seed, max_chars=3000)
        for name, d in damage_corpus(docs, "big5_as_gbk", seed):
            step = filt.apply(d.text)
            traditional = is_traditional_text(d.text)
            seeds = set(_scan(d.text, traditional)[0])
            for e in step.edits:
                # Big5 read as GBK keeps every character's place: an edit that changes
                # a character the damage left alone is a false repair
                aligned = len(d.text) == len(d.clean) and len(e.after) == e.end - e.start
                spoilt = [i for i in range(e.start, e.end) if aligned and d.text[i] == d.clean[i] != e.after[i - e.start]]
                if spoilt or not any(e.start < r.end and e.end > r.start for r in d.runs):
                    false += 1
                    print(f"{seed} {name:14s} FALSE REPAIR {e.before} -> {e.after}  {d.text[max(0, e.start - 6) : e.end + 6]}")
            for r in d.runs:
                total += 1
                clean, bad = d.clean[r.clean_start : r.clean_end], d.text[r.start : r.end]
                edits = [e for e in step.edits if e.start < r.end and e.end > r.start]
                notes = [n for n in step.notices if n.start < r.end and n.end > r.start]
                lo = min([r.start] + [e.start for e in edits])
                hi = max([r.end] + [e.end for e in edits])
                piece, pos = [], lo
                for e in sorted(edits, key=lambda e: e.start):
                    piece += [d.text[pos : e.start], e.after]
                    pos = e.end
                piece.append(d.text[pos:hi])
                ok = "".join(piece) == d.text[lo : r.start] + clean + d.text[r.end : hi]
                if ok:
                    continue
                if edits:
                    kind = "boundaries"
                elif notes:
                    kind = "undecided"
                elif not any(r.start <= h < r.end for h in seeds):
                    kind = "undetected, no seed"
                else:
                    kind = "undetected"
                kinds[kind] += 1
                ctx = d.text[max(0, r.start - 6) : r.start] + "[" + bad + "]" + d.text[r.end : r.end + 6]
                got = " ".join(f"{e.before}->{e.after}@{e.start - r.start}" for e in edits)
                print(f"{seed} {name:14s} {kind:20s} {bad} = {clean}  trad={traditional:d} repaired={len(step.edits)}  {ctx}  {got}")
    missed = sum(kinds.values())
    print(f"\n{total} runs, {total - missed} restored ({100 * (total - missed) / max(total, 1):.1f}%), missed: {dict(kinds)}; {false} false repairs (edits that change undamaged characters)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

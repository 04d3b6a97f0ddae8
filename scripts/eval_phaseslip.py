#!/usr/bin/env python3
"""What the mojibake filter does with each phase-slipped GBK run, and how fast.

    python3 scripts/eval_phaseslip.py --seed 0 --limit 8 [-v]

Every run of the ``phase_slipped_gbk`` recipe (``zhclean.testing``) falls in
one class: *restored* (the filter's edit gives back the clean text, ASCII-ised
marks aside, which the punctuation filter restores), *wrong* (an edit that does
not), *reported* (a notice and no edit: the honest answer when unsure) or
*silent*.  ``-v`` prints every run that was not restored with the filter's
candidates.  Speed is CPU time (``time.process_time``) of the filter alone on
the same documents, after one warm-up call.  (Inside the ``seedlike`` mix the
other filters must run too: see ``bench_quality.py``'s "restored by kind".)
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from zhclean.filters.mojibake import Mojibake  # noqa: E402
from zhclean.testing import damage_corpus, load_corpus  # noqa: E402

#: ASCII-ised marks count as their full-width originals when comparing.
_SAME = str.maketrans("，：；！（）％", ",:;!()%")


def classify(text: str, clean: str, run, step) -> tuple[str, str]:
    """The class of one run and, for the log, what the filter did there."""
    edits = [e for e in step.edits if e.start < run.end and e.end > run.start]
    if edits:
        lo, hi = min(run.start, edits[0].start), max(run.end, edits[-1].end)
        out, pos = [], lo
        for e in edits:
            out.append(text[pos : e.start] + e.after)
            pos = e.end
        out.append(text[pos:hi])
        want = clean[run.clean_start - (run.start - lo) : run.clean_end + (hi - run.end)]
        got = "".join(out)
        return ("restored" if got.translate(_SAME) == want.translate(_SAME) else "wrong"), got
    notes = [n for n in step.notices if n.start < run.end and n.end > run.start]
    if notes:
        return "reported", str(notes[0].details.get("candidates", ""))
    return "silent", ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpus"))
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--limit", type=int, default=8, help="documents per script (default 8)")
    parser.add_argument("--max-chars", type=int, default=3000, help="as bench_quality.py (default 3000)")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args(argv)

    docs = load_corpus(args.corpus, limit=args.limit, seed=args.seed, max_chars=args.max_chars)
    damaged = [d for _, d in damage_corpus(docs, "phase_slipped_gbk", args.seed)]
    f = Mojibake()
    f.apply(damaged[0].text)  # loads the model and the dictionary tables
    classes: Counter[str] = Counter()
    cpu = 0.0
    for d in damaged:
        t0 = time.process_time()
        step = f.apply(d.text)
        cpu += time.process_time() - t0
        for r in d.runs:
            kind, got = classify(d.text, d.clean, r, step)
            classes[kind] += 1
            if args.verbose and kind != "restored":
                shown = d.text[max(0, r.start - 4) : r.end + 4].replace("\n", "⏎")
                print(f"{kind:9s} {shown}  clean={d.clean[r.clean_start:r.clean_end]}  {got}")
    total = sum(classes.values()) or 1
    mb = sum(len(d.text.encode("utf-8")) for d in damaged) / 1e6
    print(f"phase_slipped_gbk, seed {args.seed}: {sum(classes.values())} runs: "
          + ", ".join(f"{k} {classes[k]} ({classes[k] / total:.1%})" for k in ("restored", "reported", "wrong", "silent")))
    print(f"mojibake filter alone: {mb:.3f} MB in {cpu:.2f} s CPU = {mb / max(cpu, 1e-9):.3f} MB/s")
    return 0


if __name__ == "__main__":
    try:
        raise SystemExit(main())
    except FileNotFoundError as exc:  # no corpus where it was looked for: say so, no traceback
        raise SystemExit(f"error: {exc} (pass --corpus DIR)") from None

#!/usr/bin/env python3
"""What the mojibake filter does with each phase-slipped GBK run, and how fast.

    python3 scripts/eval_phaseslip.py --seed 0 --limit 8 [-v]

Every run of the ``phase_slipped_gbk`` recipe (``zhclean.testing``) falls in
one class: *restored* (the filter's edit gives back the clean text, ASCII-ised
marks aside, which the punctuation filter restores), *wrong* (an edit that does
not), *reported* (a notice and no edit: the honest answer when unsure) or
*silent*.  ``-v`` prints every run that was not restored with the filter's
candidates.  Speed is CPU time (``time.process_time``) of the filter alone on
the same documents, after one warm-up call.

``--oracle`` also asks how far better *choosing* could go: for each run, is
the right reading among the filter's scored candidates at all, and at which
rank; and how restored and wrong repairs trade off as the filter's margin
(``--set mojibake.margin=N``, nats over the runner-up) changes.  The seeds
passed as a comma list (``--seed 2,3,4``) are pooled.  (Inside the ``seedlike`` mix the
other filters must run too: see ``bench_quality.py``'s "restored by kind".)
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import zhclean.filters.mojibake as mojibake_filter  # noqa: E402
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


def _rank_of_truth(text: str, clean: str, run, q: int, verdict) -> int | None:
    """Rank (0 = best) of the candidate that gives back the clean text, if any."""
    for rank, c in enumerate(verdict.ranked):
        end = c.hypothesis.end
        lo, hi = min(q, run.start), max(end, run.end)
        got = text[lo:q] + c.text + text[end:hi]
        want = clean[run.clean_start - (run.start - lo) : run.clean_end + (hi - run.end)]
        if got.translate(_SAME) == want.translate(_SAME):
            return rank
    return None


class _VerdictLog:
    """Records every verdict ``judge`` gives while the filter runs (the filter
    itself keeps only its decision)."""

    def __init__(self):
        self.judge = mojibake_filter.judge
        self.seen: list[tuple[int, object]] = []

    def __call__(self, text, q, model, **kw):
        v = self.judge(text, q, model, **kw)
        if v is not None:
            self.seen.append((q, v))
        return v


def oracle(damaged: list, f: Mojibake) -> None:
    """Print the candidate ceiling and the margin trade-off (see the module docstring)."""
    log = _VerdictLog()
    mojibake_filter.judge = log
    rows = []  # (rank of truth or None, gain of the best reading, its margin over the runner-up)
    try:
        for d in damaged:
            log.seen.clear()
            f.apply(d.text)
            for r in d.runs:
                hit = next(((q, v) for q, v in log.seen if v.ranked and v.start < r.end and v.end > r.start), None)
                if hit is None:
                    rows.append((None, -math.inf, 0.0))
                    continue
                q, v = hit
                rows.append((_rank_of_truth(d.text, d.clean, r, q, v), v.ranked[0].score - v.literal,
                             v.margin_over_runner_up()))
    finally:
        mojibake_filter.judge = log.judge
    n = len(rows) or 1
    ranks = [k for k, _, _ in rows]
    print(f"right reading among the candidates: {sum(k is not None for k in ranks) / n:.1%}; "
          f"ranked first {ranks.count(0) / n:.1%}, in the top 3 {sum(k is not None and k < 3 for k in ranks) / n:.1%} "
          f"(of {len(rows)} runs)")
    print("margin  restored  wrong  precision   (gain over the text as it is at least the filter's min_gain)")
    for margin in (1.0, 1.5, 2.0, 2.5, 3.0, 3.5, 4.0, 5.0):
        taken = [k for k, gain, m in rows if gain >= f.min_gain and m >= margin]
        good = taken.count(0)
        print(f"{margin:6.1f}  {good / n:8.1%}  {(len(taken) - good) / n:5.1%}  {good / max(1, len(taken)):9.3f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpus"))
    parser.add_argument("--seed", default="0", help="seed, or a comma list of seeds to pool (default 0)")
    parser.add_argument("--limit", type=int, default=8, help="documents per script (default 8)")
    parser.add_argument("--max-chars", type=int, default=3000, help="as bench_quality.py (default 3000)")
    parser.add_argument("-v", "--verbose", action="store_true")
    parser.add_argument("--oracle", action="store_true", help="also print the candidate ceiling and the margin trade-off")
    args = parser.parse_args(argv)
    seeds = [int(s) for s in str(args.seed).split(",")]

    damaged = []
    for seed in seeds:
        docs = load_corpus(args.corpus, limit=args.limit, seed=seed, max_chars=args.max_chars)
        damaged += [d for _, d in damage_corpus(docs, "phase_slipped_gbk", seed)]
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
    if args.oracle:
        oracle(damaged, f)
    return 0


if __name__ == "__main__":
    try:
        raise SystemExit(main())
    except FileNotFoundError as exc:  # no corpus where it was looked for: say so, no traceback
        raise SystemExit(f"error: {exc} (pass --corpus DIR)") from None

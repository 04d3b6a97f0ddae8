#!/usr/bin/env python3
"""Damage clean corpus text the way real Chinese text gets damaged, keeping the ground truth.

    python3 scripts/corrupt.py --mechanism phase_slipped_gbk --limit 5 --out /tmp/damaged

For every document and mechanism it writes ``<out>/<mechanism>/<name>.txt``
(the damaged text) and ``<name>.json`` (clean original, runs, parameters,
furniture lines, article blocks).  ``--mechanism all`` runs every mechanism.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from zhclean.testing import ALL, damage_corpus, load_corpus  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpus"), help="clean corpus directory (default: ../shared/corpus from the repo root)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--mechanism", action="append", choices=[*ALL, "all"], help="a recipe from zhclean.testing.RECIPES, repeatable; default: all")
    parser.add_argument("--limit", type=int, default=20, help="documents sampled per script (default 20)")
    parser.add_argument("--max-chars", type=int, default=None, help="keep each document to whole paragraphs within this length")
    parser.add_argument("--out", required=True, help="output directory")
    args = parser.parse_args(argv)

    mechanisms = list(ALL) if not args.mechanism or "all" in args.mechanism else args.mechanism
    docs = load_corpus(args.corpus, limit=args.limit, seed=args.seed, max_chars=args.max_chars)
    out = Path(args.out)
    manifest = []
    for mechanism in mechanisms:
        folder = out / mechanism
        folder.mkdir(parents=True, exist_ok=True)
        for i, (name, damaged) in enumerate(damage_corpus(docs, mechanism, args.seed)):
            stem = f"{i:04d}_" + Path(name.split("+")[0]).stem
            (folder / f"{stem}.txt").write_text(damaged.text, encoding="utf-8")
            truth = damaged.to_dict() | {"source": name, "seed": args.seed}
            (folder / f"{stem}.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1), encoding="utf-8")
            manifest.append({"mechanism": mechanism, "file": f"{mechanism}/{stem}.txt", "source": name, "runs": len(damaged.runs)})
        print(f"{mechanism:24s} {sum(1 for m in manifest if m['mechanism'] == mechanism):4d} files -> {folder}")
    (out / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    try:
        raise SystemExit(main())
    except FileNotFoundError as exc:  # no corpus where it was looked for: say so, no traceback
        raise SystemExit(f"error: {exc} (pass --corpus DIR)") from None

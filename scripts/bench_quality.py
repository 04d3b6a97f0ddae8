#!/usr/bin/env python3
"""Quality benchmark: how much synthetic damage zhclean repairs, and what it breaks.

    python3 scripts/bench_quality.py --corpus ../shared/corpus --seed 0 --limit 20

Rows are damage recipes (``zhclean.testing.RECIPES``: one mechanism with its
parameters, or the seeds' combinations); each is run through the
whole pipeline and through each relevant filter alone.  Columns:

- ``CER before/after``: character error rate against the clean original
  (Levenshtein distance / clean length; blank lines and indentation ignored);
- ``restored``: share of damaged runs whose clean text comes back exactly
  (for combinations also broken down by the kind of damage a run holds);
- ``false/10k``: characters changed where nothing was damaged, per 10,000 such characters;
- ``flagged``: share of damaged runs a notice points at (the honest answer for
  ``unrecoverable`` runs); ``alarms``: notices that point at no damage;
- ``para P/R``: paragraph-boundary precision and recall (layout rows), leaving
  out breaks the damage made identical to a wrap (``Damaged.hidden_breaks``);
- for interleaved articles, ``zhclean.split_articles``: successor-link F1,
  BCubed F1 and Kendall tau of reading order within each article.

Then the pipeline runs on the clean corpus, untouched, and reports characters
changed per MB by filter (the goal: zero beyond documented normalisation).
Prints the tables and writes everything as JSON (``--json``).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import traceback
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any, Callable, Sequence

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import zhclean  # noqa: E402
from zhclean.pipeline import Pipeline, available_filters, filter_options  # noqa: E402
from zhclean.testing import ALL, ArticleScores, RunScores, article_scores, damage_corpus, load_corpus, score  # noqa: E402

#: The filters meant to undo each mechanism; each is also benchmarked alone.
RELEVANT: dict[str, tuple[str, ...]] = {
    "phase_slipped_gbk": ("mojibake",),
    "utf8_as_gbk": ("mojibake",),
    "utf8_as_gbk_lost_byte": ("mojibake",),
    "gbk_as_latin1": ("mojibake",),
    "gbk_as_cp1252": ("mojibake",),
    "big5_as_gbk": ("mojibake",),
    "unrecoverable_kunkao": ("mojibake",),
    "unrecoverable_fffd": ("mojibake",),
    "inline_pinyin": ("pinyin",),
    "inline_pinyin_fullwidth": ("pinyin",),
    "script_s2t": ("script",),
    "script_s2tw": ("script",),
    "script_s2hk": ("script",),
    "halfwidth_punctuation": ("punctuation",),
    "halfwidth_quotes": ("punctuation",),
    "stray_html": ("html",),
    "column_wrap_ocr": ("layout",),
    "column_wrap_pdf": ("layout", "whitespace"),
    "page_furniture": ("layout",),
    "seedlike": ("mojibake", "pinyin", "script", "punctuation"),
    "pdflike": ("layout", "whitespace", "punctuation"),
}


#: Recipes that turned Simplified text Traditional: to undo them the script filter
#: must be told the target, as a user cleaning a Simplified corpus would.  Every
#: other row runs with default options.
TO_SIMPLIFIED = {"script_s2t", "script_s2tw", "script_s2hk", "seedlike"}


def options_for(recipe: str) -> dict[str, dict[str, Any]]:
    if recipe in TO_SIMPLIFIED and "script" in available_filters() and "to" in filter_options("script"):
        return {"script": {"to": "hans"}}
    return {}


def build(steps: Sequence[str] | None, recipe: str) -> Pipeline:
    options = {name: opts for name, opts in options_for(recipe).items() if not steps or name in steps}
    return Pipeline.from_options(steps=list(steps) if steps else None, options=options)


def find_split_articles() -> Callable[[str], Any] | None:
    """``zhclean.split_articles`` (or ``zhclean.articles.split_articles``), if it exists yet."""
    split = getattr(zhclean, "split_articles", None)
    if split is None:
        try:
            from zhclean.articles import split_articles as split
        except ImportError:
            return None
    return split


def as_article_texts(result: Any) -> list[str]:
    """Whatever ``split_articles`` returns, as one string per article."""
    out = []
    for art in result:
        if isinstance(art, str):
            out.append(art)
        elif hasattr(art, "text"):
            out.append(art.text)
        elif hasattr(art, "paragraphs"):
            out.append("\n".join(art.paragraphs))
        else:
            out.append("\n".join(map(str, art)))
    return out


def run_quality(docs, mechanisms: Sequence[str], seed: int, filters_alone: bool) -> tuple[list[dict[str, Any]], list[str]]:
    rows: list[dict[str, Any]] = []
    notes: list[str] = []
    registry = available_filters()
    for mechanism in mechanisms:
        damaged = list(damage_corpus(docs, mechanism, seed))
        if mechanism == "interleave_articles":
            split = find_split_articles()
            if split is None:
                notes.append("interleave_articles: skipped, zhclean.split_articles does not exist yet")
                continue
            total, crashes, t0 = ArticleScores(), 0, time.perf_counter()
            for _, d in damaged:
                try:
                    total += article_scores(d, as_article_texts(split(d.text)))
                except Exception:
                    crashes += 1
                    notes.append(f"interleave_articles: split_articles crashed:\n{traceback.format_exc(limit=3)}")
            rows.append({"mechanism": mechanism, "runner": "split_articles", "docs": len(damaged), "crashes": crashes, "seconds": round(time.perf_counter() - t0, 2), **total.summary()})
            continue
        runners: list[tuple[str, Sequence[str] | None]] = [("pipeline", None)]
        if filters_alone:
            runners += [(f, (f,)) for f in RELEVANT.get(mechanism, ()) if f in registry]
        for label, steps in runners:
            pipe = build(steps, mechanism)
            total, crashes, t0 = RunScores(), 0, time.perf_counter()
            for name, d in damaged:
                try:
                    result = pipe.run(d.text)
                    out, flags = result.text, [(n.start, n.end) for n in result.notices]
                except Exception:
                    crashes += 1
                    notes.append(f"{mechanism}/{label} crashed on {name}:\n{traceback.format_exc(limit=3)}")
                    out, flags = d.text, []
                total += score(d, out, flags)
            rows.append({"mechanism": mechanism, "runner": label, "docs": len(damaged), "crashes": crashes, "seconds": round(time.perf_counter() - t0, 2), **total.summary()})
            print(f"  {mechanism:22s} {label:12s} done in {rows[-1]['seconds']}s", file=sys.stderr)
    return rows, notes


def run_clean(corpus: str | None, limit: int, seed: int) -> dict[str, Any]:
    """Run the default pipeline on untouched corpus files; count characters changed per filter."""
    docs = load_corpus(corpus, limit=limit, seed=seed, raw=True)
    changed: Counter[str] = Counter()
    flagged: Counter[str] = Counter()
    examples: dict[str, list[dict[str, str]]] = defaultdict(list)
    size = sum(len(d.text.encode("utf-8")) for d in docs)
    pipe = Pipeline.from_options()
    crashes = 0
    for d in docs:
        try:
            result = pipe.run(d.text)
        except Exception:
            crashes += 1
            continue
        flagged.update(n.filter for n in result.notices)
        for e in result.edits:
            changed[e.filter] += max(len(e.before), len(e.after))
            if len(examples[e.filter]) < 5:
                examples[e.filter].append({"doc": d.name, "before": e.before, "after": e.after, "reason": e.reason})
    mb = size / 1e6
    return {
        "docs": len(docs),
        "bytes": size,
        "crashes": crashes,
        "chars_changed_per_mb": {f: round(n / mb, 1) for f, n in changed.most_common()},
        "total_per_mb": round(sum(changed.values()) / mb, 1) if mb else 0.0,
        "notices_per_mb": {f: round(n / mb, 1) for f, n in flagged.most_common()},
        "examples": examples,
    }


def layout_tags() -> dict[str, Any] | None:
    """Per-label line-tagging precision/recall from the layout helper, when it exists."""
    try:
        from zhclean import layout
    except ImportError:
        return None
    evaluate: Callable[..., Any] | None = getattr(layout, "evaluate_tags", None)
    annotation = ROOT / "fixtures" / "layout" / "seed_lines.tsv"
    if evaluate is None or not annotation.exists():
        return None
    scores = evaluate(annotation, ROOT / "fixtures" / "seeds")
    return {
        label: {"gold": s.gold, "predicted": s.predicted, "correct": s.correct, "precision": round(s.precision, 3), "recall": round(s.recall, 3)}
        for label, s in scores.items()
        if s.gold or s.predicted
    }


def fmt(v: Any, pct: bool = False) -> str:
    if v is None:
        return "–"
    if isinstance(v, float):
        return f"{v * 100:.1f}%" if pct else f"{v:.3f}"
    return str(v)


def print_tables(report: dict[str, Any]) -> None:
    head = f"{'mechanism':22s} {'runner':12s} {'docs':>4s} {'runs':>6s} {'CER before':>10s} {'CER after':>9s} {'restored':>8s} {'false/10k':>9s} {'flagged':>7s} {'alarms':>6s} {'para P':>6s} {'para R':>6s} {'crash':>5s}"
    print("\nQuality on synthetic damage (seed %d, %d documents per script)" % (report["seed"], report["limit"]))
    print(head)
    print("-" * len(head))
    for r in report["rows"]:
        if r["runner"] == "split_articles":
            continue
        print(
            f"{r['mechanism']:22s} {r['runner']:12s} {r['docs']:>4d} {r['runs']:>6d} {fmt(r['cer_before'], True):>10s} {fmt(r['cer_after'], True):>9s} "
            f"{fmt(r['restored'], True):>8s} {fmt(r['false_repairs_per_10k']):>9s} {fmt(r['flagged'], True):>7s} {r['false_alarms']:>6d} {fmt(r['para_precision']):>6s} {fmt(r['para_recall']):>6s} {r['crashes']:>5d}"
        )
        if r.get("para_hidden"):
            print(f"{'':22s} {'':12s} para P/R leave out {r['para_hidden']} breaks the damage made identical to a wrap (last line full, wraps and breaks both a newline)")
        if len(r["runs_by_mechanism"]) > 1:
            parts = [f"{m} {fmt(r['restored_by_mechanism'][m], True)} of {n}" for m, n in r["runs_by_mechanism"].items()]
            print(f"{'':22s} {'':12s} restored by kind: " + ", ".join(parts))
    arts = [r for r in report["rows"] if r["runner"] == "split_articles"]
    if arts:
        print(f"\n{'articles':22s} {'pages':>5s} {'blocks':>6s} {'succ F1':>7s} {'BCubed F1':>9s} {'tau':>6s} {'unplaced':>8s}")
        for r in arts:
            print(f"{r['mechanism']:22s} {r['docs']:>5d} {r['blocks']:>6d} {fmt(r['successor_f1']):>7s} {fmt(r['bcubed_f1']):>9s} {fmt(r['kendall_tau']):>6s} {r['unplaced_blocks']:>8d}")
    clean = report.get("clean")
    if clean:
        print(f"\nClean corpus, untouched, default options ({clean['docs']} files, {clean['bytes'] / 1e6:.2f} MB): {clean['total_per_mb']} characters changed per MB")
        for f, n in clean["chars_changed_per_mb"].items():
            ex = clean["examples"].get(f, [{}])[0]
            print(f"  {f:12s} {n:>10.1f}/MB   e.g. {ex.get('before', '')!r} -> {ex.get('after', '')!r} ({ex.get('reason', '')})")
        for f, n in clean["notices_per_mb"].items():
            print(f"  {f:12s} {n:>10.1f} notices/MB")
    if report.get("layout_tags"):
        print("\nLine tagging on the hand-annotated seeds (zhclean.layout.evaluate_tags)")
        print(f"  {'label':14s} {'gold':>5s} {'pred':>5s} {'prec':>6s} {'recall':>6s}")
        for label, s in report["layout_tags"].items():
            print(f"  {label:14s} {s['gold']:>5d} {s['predicted']:>5d} {s['precision']:>6.2f} {s['recall']:>6.2f}")
    for note in report["notes"]:
        print("note:", note.splitlines()[0] if "crashed" in note else note)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpus"), help="clean corpus directory (default: ../shared/corpus from the repo root)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--limit", type=int, default=20, help="documents sampled per script (default 20)")
    parser.add_argument("--max-chars", type=int, default=3000, help="keep each document to whole paragraphs within this length")
    parser.add_argument("--mechanism", action="append", choices=ALL, help="repeatable; default: all")
    parser.add_argument("--no-filters-alone", action="store_true", help="only run the whole pipeline")
    parser.add_argument("--clean-limit", type=int, default=None, help="files per script for the clean-corpus run (default: --limit)")
    parser.add_argument("--json", default=str(ROOT / "bench-out" / "bench_quality.json"), help="where to write the JSON report")
    args = parser.parse_args(argv)

    docs = load_corpus(args.corpus, limit=args.limit, seed=args.seed, max_chars=args.max_chars)
    t0 = time.perf_counter()
    rows, notes = run_quality(docs, args.mechanism or ALL, args.seed, not args.no_filters_alone)
    report = {
        "seed": args.seed,
        "limit": args.limit,
        "max_chars": args.max_chars,
        "filters": list(available_filters()),
        "rows": rows,
        "clean": run_clean(args.corpus, args.clean_limit or args.limit, args.seed),
        "layout_tags": layout_tags(),
        "notes": notes,
        "seconds": None,
    }
    report["seconds"] = round(time.perf_counter() - t0, 1)
    print_tables(report)
    Path(args.json).parent.mkdir(parents=True, exist_ok=True)
    Path(args.json).write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"\nJSON written to {args.json} ({report['seconds']}s)")
    return 0


if __name__ == "__main__":
    try:
        raise SystemExit(main())
    except FileNotFoundError as exc:  # no corpus where it was looked for: say so, no traceback
        raise SystemExit(f"error: {exc} (pass --corpus DIR)") from None

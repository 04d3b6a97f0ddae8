"""Where the article splitter loses successor links on the benchmark generator, by kind of mistake.

    python3 scripts/article_errors.py --seeds 0,1,2,3,4,5,6,7

For every gold link "block b+1 follows block b" of ``interleave_articles``
pages that the output misses, says what went wrong after block b:

* ``order``: the block put after it belongs to the same article (the
  article's blocks are grouped right but ordered wrong);
* ``same width``: it belongs to another article of the same column width
  (two articles of one width not told apart);
* ``other``: another article of another width, or nothing follows.

Also the pooled successor-link F1 (links between blocks, each block placed
by the offsets of its fragments rather than by searching its text).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from zhclean.articles import split_document  # noqa: E402
from zhclean.testing import damage_corpus, load_corpus  # noqa: E402


def page_errors(damaged, counts: Counter) -> None:
    result = split_document(damaged.text)
    where = {f.start: (a, p) for a, art in enumerate(result.articles) for p, f in enumerate(art.fragments)}
    blocks = damaged.blocks
    place = []
    for b in blocks:
        spots = [where[s] for s in where if b.start <= s < b.end]
        place.append(min(spots) if spots else None)
    width: Counter[int] = Counter()
    for b in blocks:
        width[b.article] = max([width[b.article], *map(len, damaged.text[b.start : b.end].split("\n"))])
    by_article: dict[int, list[int]] = {}
    for k, p in enumerate(place):
        if p is not None:
            by_article.setdefault(p[0], []).append(k)
    after: dict[int, int] = {}
    for ks in by_article.values():
        ks.sort(key=lambda k: place[k][1])
        after.update(zip(ks, ks[1:]))
    index = {(b.article, b.index): k for k, b in enumerate(blocks)}
    counts["predicted"] += len(after)
    for k, b in enumerate(blocks):
        nxt = index.get((b.article, b.index + 1))
        if nxt is None:
            continue
        counts["gold"] += 1
        got = after.get(k)
        if got == nxt:
            counts["right"] += 1
        elif got is not None and blocks[got].article == b.article:
            counts["order"] += 1
        elif got is not None and width[blocks[got].article] == width[b.article]:
            counts["same width"] += 1
        else:
            counts["other"] += 1


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seeds", default="0,1,2,3")
    ap.add_argument("--limit", type=int, default=40, help="documents per seed, as bench_quality --limit")
    ap.add_argument("--corpus", default=None)
    args = ap.parse_args()
    counts: Counter = Counter()
    for seed in map(int, args.seeds.split(",")):
        docs = load_corpus(args.corpus, limit=args.limit, seed=seed, max_chars=3000)
        for _, damaged in damage_corpus(docs, "interleave_articles", seed):
            page_errors(damaged, counts)
    p, r = counts["right"] / max(1, counts["predicted"]), counts["right"] / max(1, counts["gold"])
    print(f"seeds {args.seeds}: {counts['gold']} gold links, {counts['right']} found, link F1 {2 * p * r / (p + r):.4f}")
    for kind in ("order", "same width", "other"):
        print(f"  missed, {kind:10s} {counts[kind]:5d}")


if __name__ == "__main__":
    main()

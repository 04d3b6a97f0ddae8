"""Do-no-harm check for the article splitter: one clean article in, one article out, in file order.

    python3 scripts/check_single_articles.py --corpus ../shared/corpus --limit 150 --seed 11 [-v]

Each clean Simplified corpus article is rendered in four single-article
layouts and split; each must come out as one article whose fragments keep
file order:

* ``para``: one paragraph per line (as the corpus stores it);
* ``tight``: every paragraph wrapped at one column width (8-30 characters),
  a line per printed line;
* ``blocks``: the same lines in blocks of 3-8 separated by blank lines (a
  column page extracted block by block, read in order);
* ``packed``: each paragraph's printed lines on one line, separated by
  spaces, paragraphs separated by blank lines.

Prints the count of passes and failures per layout (with ``-v`` each failure).
Exit code 1 when any fails.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from zhclean.articles import split_document  # noqa: E402
from zhclean.testing import load_corpus  # noqa: E402


def _wrap(paragraph: str, width: int) -> list[str]:
    return [paragraph[k : k + width] for k in range(0, len(paragraph), width)]


def layouts(text: str, rng: random.Random) -> dict[str, str]:
    """The four single-article renderings of ``text`` (one paragraph per line)."""
    paras = [p for p in text.split("\n") if p.strip()]
    width = rng.randint(8, 30)
    lines = [ln for p in paras for ln in _wrap(p, width)]
    blocks, i = [], 0
    while i < len(lines):
        k = rng.randint(3, 8)
        blocks.append("\n".join(lines[i : i + k]))
        i += k
    return {
        "para": "\n".join(paras),
        "blocks": "\n\n".join(blocks),
        "tight": "\n".join(lines),
        "packed": "\n\n".join(" ".join(_wrap(p, width)) for p in paras),
    }


def one_article_in_order(text: str) -> tuple[bool, int]:
    """Whether ``text`` splits into one article with its fragments in file order; and the article count."""
    result = split_document(text)
    starts = [f.start for a in result.articles for f in a.fragments]
    return len(result.articles) == 1 and starts == sorted(starts), len(result.articles)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", default=None, help="corpus directory (default ../shared/corpus)")
    ap.add_argument("--limit", type=int, default=150, help="articles to render")
    ap.add_argument("--seed", type=int, default=11, help="which articles (load_corpus seed)")
    ap.add_argument("--max-chars", type=int, default=3000, help="keep each article to whole paragraphs within this length")
    ap.add_argument("-v", "--verbose", action="store_true", help="name each failure")
    args = ap.parse_args()
    docs = load_corpus(args.corpus, limit=args.limit, seed=args.seed, max_chars=args.max_chars)
    rng = random.Random(5)
    tally: Counter[tuple[str, bool]] = Counter()
    for doc in docs:
        if doc.script != "hans":
            continue
        for name, text in layouts(doc.text, rng).items():
            ok, count = one_article_in_order(text)
            tally[(name, ok)] += 1
            if not ok and args.verbose:
                print(f"FAIL {name} {doc.name}: {count} article(s){'' if count != 1 else ', reordered'}")
    for name in ("para", "tight", "blocks", "packed"):
        print(f"{name:7} {tally[(name, True)]:4} one article in order, {tally[(name, False)]:3} failed")
    return 1 if any(not ok and n for (_, ok), n in tally.items()) else 0


if __name__ == "__main__":
    raise SystemExit(main())

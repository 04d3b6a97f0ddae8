"""Measure the article splitter on synthetic interleavings and on seed 002's hand-made gold.

    PYTHONPATH=src python3 scripts/eval_articles.py --pages 40 --seed 1
    PYTHONPATH=src python3 scripts/eval_articles.py --gold fixtures/articles/seed002_gold.json
    PYTHONPATH=src python3 scripts/eval_articles.py --speed

Synthetic pages: 2-9 clean articles from ``--corpus`` (headline plus the first
paragraphs), each set in a column of 8-30 characters, the column lines cut
into blocks, and the blocks read back in scrambled order - the way a PDF
extractor reads a page whose column blocks it cannot order.  ``--layout bench``
(default) mirrors zhclean.testing's ``interleave_articles``; ``--layout
shuffle`` scrambles all blocks.

Metrics, over gold units (printed lines; for the seed, whitespace segments):
successor-link F1 (pairs of consecutive body units in an article),
BCubed F1 (article membership of every unit) and Kendall tau within each
gold article (weighted by its size).  Also reports the time per page.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from zhclean.articles import split_document  # noqa: E402
from zhclean.articles.measure import display_width

# -- evaluation ----------------------------------------------------------------


def evaluate(text: str, units: list[tuple[int, int]], art_of: list[int], body_orders: list[list[int]], split=split_document) -> dict:
    """Score ``split_document(text)`` against gold.

    ``units`` are (start, end) character spans; ``art_of[u]`` the gold article
    of unit u; ``body_orders[a]`` the units of article a's body in reading order.
    """
    t0 = time.perf_counter()
    result = split(text)
    elapsed = time.perf_counter() - t0
    starts = sorted(range(len(units)), key=lambda u: units[u][0])
    # System order and article of each unit.
    sys_art: dict[int, int] = {}
    sequence: list[tuple[int, int]] = []  # (article, unit)
    for k, art in enumerate(result.articles):
        for f in art.fragments:
            for u in starts:
                s, e = units[u]
                if s >= f.start and e <= f.end and u not in sys_art:
                    sys_art[u] = k
                    sequence.append((k, u))
    for f in result.unplaced:
        for u in starts:
            if units[u][0] >= f.start and units[u][1] <= f.end and u not in sys_art:
                sys_art[u] = -1 - u
    missing = [u for u in range(len(units)) if u not in sys_art]
    for u in missing:  # a unit split across fragments: count it where its first char went
        sys_art[u] = -10_000 - u
    # Successor links among gold body units.
    body_units = {u for order in body_orders for u in order}
    gold_links = {(a, b) for order in body_orders for a, b in zip(order, order[1:])}
    filtered = [(k, u) for k, u in sequence if u in body_units]
    sys_links = {(u, v) for (k1, u), (k2, v) in zip(filtered, filtered[1:]) if k1 == k2}
    tp = len(gold_links & sys_links)
    p = tp / len(sys_links) if sys_links else 1.0
    r = tp / len(gold_links) if gold_links else 1.0
    link_f1 = 2 * p * r / (p + r) if p + r else 0.0
    # The same, only for links between two input lines (the decisions that
    # matter on a page like seed 002, where most links join segments of one line).
    line_of = {u: text.count("\n", 0, units[u][0]) for u in body_units}
    gold_x = {(a, b) for a, b in gold_links if line_of[a] != line_of[b]}
    sys_x = {(a, b) for a, b in sys_links if line_of[a] != line_of[b]}
    tpx = len(gold_x & sys_x)
    px = tpx / len(sys_x) if sys_x else 1.0
    rx = tpx / len(gold_x) if gold_x else 1.0
    cross_f1 = 2 * px * rx / (px + rx) if px + rx else 0.0
    # BCubed over all units.
    n = len(units)
    gold_groups: dict[int, set[int]] = {}
    sys_groups: dict[int, set[int]] = {}
    for u in range(n):
        gold_groups.setdefault(art_of[u], set()).add(u)
        sys_groups.setdefault(sys_art[u], set()).add(u)
    bp = br = 0.0
    for u in range(n):
        g, s = gold_groups[art_of[u]], sys_groups[sys_art[u]]
        inter = len(g & s)
        bp += inter / len(s)
        br += inter / len(g)
    bp, br = bp / n, br / n
    bcubed = 2 * bp * br / (bp + br) if bp + br else 0.0
    # Kendall tau within gold articles, by system position.
    position = {u: k for k, (_, u) in enumerate(sequence)}
    taus, weights = [], []
    for order in body_orders:
        present = [u for u in order if u in position]
        if len(present) < 2:
            continue
        conc = disc = 0
        for x in range(len(present)):
            for y in range(x + 1, len(present)):
                if position[present[x]] < position[present[y]]:
                    conc += 1
                else:
                    disc += 1
        taus.append((conc - disc) / (conc + disc))
        weights.append(len(present))
    tau = sum(t * w for t, w in zip(taus, weights)) / sum(weights) if weights else 1.0
    return {
        "link_p": p,
        "link_r": r,
        "link_f1": link_f1,
        "cross_line_link_f1": cross_f1,
        "bcubed_p": bp,
        "bcubed_r": br,
        "bcubed_f1": bcubed,
        "tau": tau,
        "articles_gold": len(body_orders),
        "articles_sys": len(result.articles),
        "fragments": sum(len(a.fragments) for a in result.articles) + len(result.unplaced),
        "uncertain": len(result.uncertain),
        "seconds": elapsed,
    }


# -- seed 002 gold -------------------------------------------------------------


def load_seed_gold(path: Path) -> tuple[str, list[tuple[int, int]], list[int], list[list[int]], list[str]]:
    gold = json.loads(path.read_text(encoding="utf-8"))
    root = path.resolve().parents[2]
    text = (root / gold["source"]).read_text(encoding="utf-8")
    lines = text.split("\n")
    offsets, pos = [], 0
    for line in lines:
        offsets.append(pos)
        pos += len(line) + 1
    unit_id: dict[tuple[int, int], int] = {}
    units: list[tuple[int, int]] = []
    import re

    for n, line in enumerate(lines, 1):
        for k, m in enumerate(re.finditer(r"\S+", line), 1):
            unit_id[(n, k)] = len(units)
            units.append((offsets[n - 1] + m.start(), offsets[n - 1] + m.end()))

    def expand(ref: str) -> list[int]:
        if "." in ref:
            line_s, seg = ref.split(".")
            a, _, b = seg.partition("-")
            return [unit_id[(int(line_s), k)] for k in range(int(a), int(b or a) + 1)]
        n = int(ref)
        return [unit_id[(n, k)] for k in range(1, len(lines[n - 1].split()) + 1)]

    art_of = [-1] * len(units)
    body_orders, names = [], []
    for a, art in enumerate(gold["articles"]):
        names.append(art["id"])
        for key in ("kicker", "headline", "subtitle", "byline", "body", "captions"):
            for ref in art[key]:
                for u in expand(ref):
                    art_of[u] = a
        body_orders.append([u for ref in art["body"] for u in expand(ref)])
    return text, units, art_of, body_orders, names


# -- synthetic pages -------------------------------------------------------------


def load_corpus(corpus: Path, max_chars: int) -> list[tuple[str, list[str]]]:
    out = []
    for p in sorted(corpus.glob("*.txt")):
        lines = [ln.strip().replace("\u3000", "") for ln in p.read_text(encoding="utf-8").split("\n")]
        lines = [ln for ln in lines if ln]
        if len(lines) < 3 or len(lines[0]) > 40:
            continue
        paras, total = [], 0
        for ln in lines[1:]:
            if len(ln) < 20:  # subtitles and short lines: keep pages simple
                continue
            paras.append(ln)
            total += len(ln)
            if total >= max_chars:
                break
        if paras:
            out.append((lines[0], paras))
    return out


def synthetic(args: argparse.Namespace) -> None:
    if not Path(args.corpus).is_dir():
        raise SystemExit(f"error: corpus not found: {args.corpus} (pass --corpus DIR)")
    corpus = load_corpus(Path(args.corpus), args.max_chars)
    rng = random.Random(args.seed)
    rows = []
    for page in range(args.pages):
        n_articles = rng.randint(2, 9)
        blocks_text, units, art_of, lines = _page(rng, corpus, n_articles, args.layout)
        rows.append(evaluate(blocks_text, units, art_of, lines))
        if args.verbose:
            print(page, {k: round(v, 3) if isinstance(v, float) else v for k, v in rows[-1].items()})
    report(rows, f"synthetic ({args.layout}): {args.pages} pages, seed {args.seed}, corpus {args.corpus}")


def _page(rng: random.Random, corpus: list, n_articles: int, layout: str = "bench"):
    """One page.  ``bench`` mirrors zhclean.testing's interleave_articles (each
    article's blocks stay in order, blocks merged at random, a fifth of
    neighbouring blocks swapped, a blank line between blocks, lines cut by
    character count); ``shuffle`` scrambles all blocks (much harder) and cuts
    lines by printed width."""
    columns = []
    for a, (title, paras) in enumerate(rng.sample(corpus, n_articles)):
        width = rng.randint(8, 30)
        col = [(a, title, False)]
        for para in paras:
            lines = wrap(para, width) if layout == "shuffle" else [para[k : k + width] for k in range(0, len(para), width)]
            col.extend((a, line, True) for line in lines)
        columns.append(col)
    queues = []
    for col in columns:
        k, q = 0, []
        while k < len(col):
            size = rng.randint(2, 12) if layout == "shuffle" else rng.randint(3, 8)
            q.append([(a, t, b, k + m) for m, (a, t, b) in enumerate(col[k : k + size])])
            k += size
        queues.append(q)
    if layout == "shuffle":
        blocks = [b for q in queues for b in q]
        rng.shuffle(blocks)
    else:
        blocks = []
        while any(queues):
            blocks.append(rng.choice([q for q in queues if q]).pop(0))
        for i in range(len(blocks) - 1):
            if rng.random() < 0.2:
                blocks[i], blocks[i + 1] = blocks[i + 1], blocks[i]
    text_lines, units, art_of = [], [], []
    where: dict[tuple[int, int], int] = {}
    pos = 0
    for block in blocks:
        if text_lines and layout != "shuffle":
            text_lines.append("")
            pos += 1
        for a, t, is_body, rank in block:
            where[(a, rank)] = len(units)
            units.append((pos, pos + len(t)))
            art_of.append(a)
            text_lines.append(t)
            pos += len(t) + 1
    orders = []
    for a, col in enumerate(columns):
        orders.append([where[(a, rank)] for rank in range(len(col)) if col[rank][2]])
    return "\n".join(text_lines), units, art_of, orders


def wrap(para: str, width: int) -> list[str]:
    """Set ``para`` in a column ``width`` em wide (letters and digits are half-width)."""
    lines, cur, used = [], [], 0.0
    for ch in para:
        w = display_width(ch)
        if used + w > width and cur:
            lines.append("".join(cur))
            cur, used = [], 0.0
        cur.append(ch)
        used += w
    if cur:
        lines.append("".join(cur))
    return lines


def speed(args: argparse.Namespace) -> None:
    """Seconds per page against the number of fragments (after a warm-up page).

    The language model and its word-prefix index load once per process
    (about 2 s); that cost is reported separately.
    """
    corpus = load_corpus(Path(args.corpus), 1200)
    rng = random.Random(args.seed)
    t0 = time.perf_counter()
    split_document(_page(rng, corpus, 2)[0])
    print(f"warm-up (model and word-prefix index load): {time.perf_counter() - t0:.2f} s")
    for n_articles in (2, 4, 8, 16):
        text = _page(rng, corpus, n_articles)[0]
        t0 = time.perf_counter()
        result = split_document(text)
        elapsed = time.perf_counter() - t0
        frags = sum(len(a.fragments) for a in result.articles) + len(result.unplaced)
        print(f"{n_articles:2d} articles, {frags:5d} fragments: {elapsed:.2f} s ({elapsed / frags * 1000:.1f} ms per fragment)")


def _file_order(text: str):
    from zhclean.articles.split import SplitResult, _make_article, fragment_text

    frags = fragment_text(text)
    return SplitResult(articles=[_make_article(frags, [f.index for f in frags])] if frags else [])


def report(rows: list[dict], title: str) -> None:
    print(title)
    for key in ("link_f1", "link_p", "link_r", "cross_line_link_f1", "bcubed_f1", "bcubed_p", "bcubed_r", "tau"):
        vals = [r[key] for r in rows]
        print(f"  {key:10s} mean {statistics.mean(vals):.3f}  min {min(vals):.3f}")
    frags = [r["fragments"] for r in rows]
    secs = [r["seconds"] for r in rows]
    print(f"  fragments/page mean {statistics.mean(frags):.0f} max {max(frags)}; seconds/page mean {statistics.mean(secs):.2f} max {max(secs):.2f}")
    print(f"  articles gold/sys: {sum(r['articles_gold'] for r in rows)}/{sum(r['articles_sys'] for r in rows)}")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", default=str(Path(__file__).resolve().parents[2] / "shared" / "corpus" / "rmrb"))
    ap.add_argument("--pages", type=int, default=30)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--max-chars", type=int, default=400, help="text per article (first paragraphs)")
    ap.add_argument("--layout", choices=("bench", "shuffle"), default="bench")
    ap.add_argument("--gold", help="evaluate against a hand-made gold file instead (seed 002)")
    ap.add_argument("--baseline", action="store_true", help="with --gold: also score file order as one article")
    ap.add_argument("--speed", action="store_true", help="time pages of growing size instead")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args(argv)
    if args.speed:
        speed(args)
        return
    if args.gold:
        text, units, art_of, orders, names = load_seed_gold(Path(args.gold))
        row = evaluate(text, units, art_of, orders)
        report([row], f"gold {args.gold}")
        if args.baseline:
            # File order as one article: what the splitter has to beat.
            report([evaluate(text, units, art_of, orders, split=_file_order)], "file order as one article (baseline)")
        return
    synthetic(args)


if __name__ == "__main__":
    sys.exit(main())

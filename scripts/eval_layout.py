"""Synthetic column-wrap benchmark for the layout and whitespace filters.

Clean articles (one paragraph per line) are wrapped at a column width (8–30
characters), the wrapped lines joined by a newline or by a space, and
paragraphs separated by a newline or a blank line.  The filters must give the
paragraphs back: paragraph-boundary precision and recall are measured on the
stream of non-space characters, and so is every character lost or added.

Articles keep the corpus's two-em paragraph indent unless ``--strip-indent``:
with it, the newline/newline setting hides every paragraph whose last line
fills the column (its break reads as a wrap).  Those breaks are counted in
the ``hidden`` column and left out of precision and recall, as
``scripts/bench_quality.py`` does (its documents are normalised, indent gone).

    python3 scripts/eval_layout.py --corpus ../shared/corpus --limit 300

Run from the repository root (it puts ``src`` on the path).  Prints one row
per (join, separator) setting and the overall speed on the clean articles.
"""

from __future__ import annotations

import argparse
import glob
import os
import random
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "src"))

import regex  # noqa: E402

from zhclean.filters.layout import Layout  # noqa: E402
from zhclean.filters.whitespace import Whitespace  # noqa: E402

_WS = regex.compile(r"\s+")
_HAN_SPACE_HAN = regex.compile(r"\p{Han} \p{Han}")


def wrap(paragraph: str, width: int, join: str) -> str:
    return join.join(paragraph[i : i + width] for i in range(0, len(paragraph), width))


def boundaries(paragraphs: list[str]) -> tuple[set[int], str]:
    """Paragraph ends as offsets in the stream of non-space characters."""
    ends, pos, stream = set(), 0, []
    for p in paragraphs:
        s = _WS.sub("", p)
        if not s:
            continue
        stream.append(s)
        pos += len(s)
        ends.add(pos)
    return ends, "".join(stream)


def run(text: str) -> str:
    return Layout(caption_prefix="").apply(Whitespace().apply(text).text).text


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", default="../shared/corpus")
    ap.add_argument("--limit", type=int, default=300, help="articles to sample")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--strip-indent", action="store_true", help="drop the full-width paragraph indentation first")
    ap.add_argument("--show", type=int, default=0, help="print this many boundary errors")
    args = ap.parse_args()
    files = sorted(glob.glob(os.path.join(args.corpus, "rmrb", "*.txt")))
    rng = random.Random(args.seed)
    files = rng.sample(files, min(args.limit, len(files)))
    articles, names = [], []
    for f in files:
        names.append(os.path.basename(f))
        with open(f, encoding="utf-8") as fh:
            paras = [p.rstrip() for p in fh.read().split("\n") if p.strip()]
        if args.strip_indent:
            paras = [p.lstrip("\u3000 ") for p in paras]
        articles.append(paras)

    print(f"{'join':<8}{'separator':<11}{'paras':>7}{'prec':>8}{'recall':>8}{'hidden':>7}{'lost':>6}{'added':>6}{'exact':>7}{'HanSpHan':>9}")
    shown = 0
    for join, sep in (("\n", "\n\n"), ("\n", "\n"), (" ", "\n\n"), (" ", "\n")):
        tp = n_pred = n_gold = lost = added = exact = n_paras = left_spaces = n_hidden = 0
        for name, paras in zip(names, articles):
            width = rng.randint(8, 30)
            damaged = sep.join(wrap(p, width, join) for p in paras)
            out = run(damaged)
            gold, gold_stream = boundaries(paras)
            out_paras = [p for p in out.split("\n") if p.strip()]
            pred, out_stream = boundaries(out_paras)
            if join == sep:  # a paragraph that fills its last line ends like a wrap: no repair can see it
                hidden = {end for p, end in zip(paras, sorted(gold)) if len(p) % width == 0 and p[:1] not in "\u3000 "}
                n_hidden += len(hidden)
                gold, pred = gold - hidden, pred - hidden
            if out_stream != gold_stream:
                lost += max(0, len(gold_stream) - len(out_stream))
                added += max(0, len(out_stream) - len(gold_stream))
            tp += len(gold & pred)
            n_pred += len(pred)
            n_gold += len(gold)
            n_paras += len(paras)
            exact += sum(1 for p in out_paras if p in set(paras))
            left_spaces += sum(len(_HAN_SPACE_HAN.findall(p)) for p in out_paras) - sum(len(_HAN_SPACE_HAN.findall(p)) for p in paras)
            if args.show and shown < args.show and gold != pred:
                for b in sorted(gold ^ pred)[:2]:
                    kind = "missed" if b in gold else "false"
                    print(f"  [{kind} {name} w={width} {join!r}/{sep!r}] …{gold_stream[max(0, b - 25):b]}|{gold_stream[b:b + 25]}…")
                    shown += 1
        print(
            f"{join!r:<8}{sep!r:<11}{n_paras:>7}{tp / max(1, n_pred):>8.4f}{tp / max(1, n_gold):>8.4f}{n_hidden:>7}"
            f"{lost:>6}{added:>6}{exact / max(1, n_paras):>7.3f}{left_spaces:>9}"
        )

    clean = ["\n".join(p) + "\n" for p in articles]
    unchanged = sum(1 for t in clean if run(t) == t)
    print(f"clean articles unchanged: {unchanged}/{len(clean)}")
    # speed on clean text (CPU time of this process), article by article and as one
    # text of 1x and 4x the sample (linear if MB/s holds)
    for label, sep in (("one paragraph per line", "\n"), ("blank-line separated", "\n\n")):
        texts = [t.replace("\n", sep) for t in clean]
        start = time.process_time()
        changed = sum(run(t) != t for t in texts)
        seconds = time.process_time() - start
        mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
        print(f"speed, {label}, article by article, {mb:.1f} MB: {mb / seconds:.1f} MB/s (whitespace+layout, one core), {changed} changed")
        base = "\n".join(texts)
        for times in (1, 4):
            big = "\n".join([base] * times)
            start = time.process_time()
            same = run(big) == big
            seconds = time.process_time() - start
            mb = len(big.encode("utf-8")) / 1e6
            print(f"speed, {label}, one text, {mb:.1f} MB: {mb / seconds:.1f} MB/s (whitespace+layout, one core){'' if same else ' CHANGED'}")


if __name__ == "__main__":
    main()

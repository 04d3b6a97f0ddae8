"""Measure how many synthetic mojibake runs the mojibake filter restores exactly.

Usage: PYTHONPATH=src python3 scripts/eval_mojibake.py [--n 200] [--seed 1]

Damage is made from clean lines of ../shared/corpus (evaluation only) the way
../shared/notes/seed-damage-model.md describes:

- utf8-as-gbk, gbk-as-latin1, big5-as-gbk: a span of 2-8 characters is
  re-decoded with the wrong codec, only where no byte is lost;
- phase-annotation: Traditional text as GBK bytes; one character whose GBK
  code also occurs straddling two characters gets ``(pinyin)`` inserted after
  every byte-level hit, the stream is decoded with the swallowing decoder,
  user-defined codes vanish and ``！，：；？（）％`` become ASCII;
- phase-cut: the same stream cut just before a straddling 。！？ match.

A run counts as restored when the filter's output equals the undamaged line
(with real annotations kept, punctuation compared up to ASCII-isation).
The clean lines themselves are also run through the filter: any change there
is a false repair.
"""

from __future__ import annotations

import argparse
import pathlib
import random
import sys
import time

import opencc
from pypinyin import Style, pinyin

from zhclean.encodings import pair_char, swallowing_gbk_decode
from zhclean.filters.mojibake import Mojibake

CORPUS = pathlib.Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus"
ASCIIISE = str.maketrans("！，：；？（）％", "!,:;?()%")
CUT_MARKS = ("。".encode("gbk"), "！".encode("gbk"), "？".encode("gbk"))


def lines(kind: str) -> list[str]:
    out = []
    for p in sorted((CORPUS / kind).glob("*.txt")):
        out += [ln for ln in p.read_text(encoding="utf-8").split("\n") if 20 <= len(ln) <= 400]
    return out


def is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def span_damage(rng, line, shown, really):
    for _ in range(30):
        n = rng.randint(2, 8)
        s = rng.randrange(0, max(1, len(line) - n))
        span = line[s : s + n]
        if not all(is_han(c) or c in "，。、“”" for c in span) or sum(map(is_han, span)) < 2:
            continue
        try:
            bad = span.encode(really).decode(shown)
            if bad.encode(shown) != span.encode(really) or bad == span:
                continue
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
        return line[:s] + bad + line[s + n :], line
    return None


def annotate(raw: bytes, code: bytes, reading: bytes, *, only_boundaries: bool, bounds: set[int]) -> bytes:
    out, i = bytearray(), 0
    while i < len(raw):
        if raw[i : i + 2] == code and (i in bounds or not only_boundaries):
            out += code + b"(" + reading + b")"
            i += 2
        else:
            out.append(raw[i])
            i += 1
    return bytes(out)


def char_bounds(text: str) -> tuple[bytes, set[int]]:
    raw, bounds = bytearray(), set()
    for ch in text:
        bounds.add(len(raw))
        raw += ch.encode("gbk")
    return bytes(raw), bounds


def phase_annotation(rng, line):
    try:
        raw, bounds = char_bounds(line)
    except UnicodeEncodeError:
        return None
    straddles = [i for i in range(1, len(raw) - 2) if i not in bounds and raw[i] >= 0x81 and raw[i - 1] >= 0x81]
    rng.shuffle(straddles)
    for i in straddles:
        code = raw[i : i + 2]
        ch = pair_char(code[0], code[1])
        if not ch or not is_han(ch):
            continue
        hits = [k for k in range(len(raw) - 1) if raw[k : k + 2] == code and k not in bounds]
        if len(hits) != 1:
            continue
        reading = pinyin(ch, style=Style.TONE)[0][0].encode("gbk")
        damaged = swallowing_gbk_decode(annotate(raw, code, reading, only_boundaries=False, bounds=bounds))
        clean = annotate(raw, code, reading, only_boundaries=True, bounds=bounds).decode("gbk")
        return damaged.translate(ASCIIISE), clean.translate(ASCIIISE)
    return None


def phase_cut(rng, line):
    try:
        raw, bounds = char_bounds(line)
    except UnicodeEncodeError:
        return None
    cuts = [i for i in range(1, len(raw) - 1) if i not in bounds and raw[i : i + 2] in CUT_MARKS]
    if not cuts:
        return None
    i = rng.choice(cuts)
    damaged = swallowing_gbk_decode(raw[:i]) + swallowing_gbk_decode(raw[i:])
    return damaged.translate(ASCIIISE), line.translate(ASCIIISE)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=200)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--show", action="store_true", help="print failures")
    ap.add_argument("--bench", action="store_true", help="damage with zhclean.testing.mechanisms (the benchmark generator) instead")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    simp, trad = lines("rmrb"), lines("drcd_wiki")
    s2t = opencc.OpenCC("s2t")
    flt = Mojibake()
    mechanisms = {
        "utf8-as-gbk": lambda: span_damage(rng, rng.choice(simp + trad), "gbk", "utf-8"),
        "gbk-as-latin1": lambda: span_damage(rng, rng.choice(simp + trad), "latin-1", "gbk"),
        "big5-as-gbk": lambda: span_damage(rng, rng.choice(trad), "gbk", "big5"),
        "phase-annotation": lambda: phase_annotation(rng, rng.choice([rng.choice(trad), s2t.convert(rng.choice(simp))])),
        "phase-cut": lambda: phase_cut(rng, rng.choice([rng.choice(trad), s2t.convert(rng.choice(simp))])),
    }
    if args.bench:
        from zhclean.testing import mechanisms as M

        def bench(fn, pool, **kw):
            def make():
                line = rng.choice(pool)
                d = fn(line, rng.randrange(10**9), rate=0.001, **kw)
                return (d.text, d.clean) if d.runs else None
            return make

        both = simp + trad
        mechanisms = {
            "bench utf8-as-gbk": bench(M.utf8_as_gbk, both),
            "bench gbk-as-latin1": bench(M.gbk_as_latin1, both),
            "bench big5-as-gbk": bench(M.big5_as_gbk, trad),
            "bench phase cut@marks": bench(M.phase_slipped_gbk, trad, mode="cut", where="sentence_marks"),
            "bench phase straddle": bench(M.phase_slipped_gbk, trad, mode="straddle"),
            "bench phase mixed": bench(M.phase_slipped_gbk, trad),
        }
    for name, make in mechanisms.items():
        ok = tried = false = 0
        t = time.perf_counter()
        while tried < args.n:
            got = make()
            if got is None:
                continue
            damaged, clean = got
            if damaged == clean:
                continue
            tried += 1
            out = flt.apply(damaged).text.translate(ASCIIISE)
            if out == clean.translate(ASCIIISE):
                ok += 1
            elif args.show:
                print(f"  {name} FAIL\n    damaged {damaged}\n    got     {out}\n    want    {clean}")
            if flt.apply(clean).text != clean:
                false += 1
                if args.show:
                    print(f"  {name} FALSE REPAIR on clean: {clean}")
        dt = time.perf_counter() - t
        print(f"{name:18} restored {ok}/{tried} = {ok / tried:.1%}   false repairs on the clean lines: {false}   ({dt:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

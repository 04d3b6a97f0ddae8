"""Write fixtures/pinyin/seed00N_parens.tsv: every parenthesis in seeds 001 and 004, classified.

The classification is independent of zhclean's pinyin filter: it follows the damage model in
../shared/notes/seed-damage-model.md (a context-free per-site table of readings inserted after GBK
byte hits) and checks each reading with pypinyin's own API.  Rows of kind "kept" carry a
hand-written reason (see KEPT below); the script fails on any parenthesis it cannot classify.

    python3 scripts/make_pinyin_fixture.py
"""

from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path

import regex
from pypinyin import Style, pinyin

ROOT = Path(__file__).resolve().parent.parent
SEEDS = {"001": "001_567c91c53001c8e8.txt", "004": "004_9d8799f28eba6c6d.txt"}
TONED = "a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü"
# Parentheses that are not readings, checked by reading the seeds (line, text, why).
KEPT = {
    ("004", "(街道)"): "parenthesised 街道 after 鎮: 鎮(街道) = towns (and sub-districts); not pinyin",
    ("004", ")"): "closing parenthesis of the final byline (… 胡成杰 張亞運); its '(' was lost to mojibake",
}


def heteronyms(char: str) -> set[str]:
    return set(pinyin(char, style=Style.TONE, heteronym=True)[0])


def gbk_chars_with_trail(trail: str) -> list[str]:
    out = []
    for lead in range(0x81, 0xFF):
        try:
            out.append(bytes([lead, ord(trail)]).decode("gbk"))
        except UnicodeDecodeError:
            pass
    return out


def straddle_hosts(before: str, reading: str) -> list[str]:
    """Characters whose first GBK byte is the trail byte of ``before`` and that read ``reading``."""
    try:
        raw = before.encode("gbk")
    except UnicodeEncodeError:
        return []
    if len(raw) != 2:
        return []
    out = []
    for trail in range(0x40, 0xFF):
        try:
            char = bytes([raw[1], trail]).decode("gbk")
        except UnicodeDecodeError:
            continue
        if reading in heteronyms(char):
            out.append(char)
    return out


def classify(seed: str, text: str) -> list[tuple[int, int, str, str, str, str]]:
    rows = []
    covered: set[int] = set()
    table: dict[str, set[str]] = defaultdict(set)
    for m in regex.finditer(rf"(\p{{Han}})\(([{TONED}]+)\)", text):
        char, reading = m.group(1), m.group(2)
        assert reading in heteronyms(char), (char, reading)
        table[char].add(reading)
        rows.append((m.start(2) - 1, m.end(), m.group(0)[1:], "reading", char, "intact annotation"))
    for m in regex.finditer(rf"(?<=[^\x00-\x7f])([\x40-\x7e])\(([{TONED}]+)\)", text):
        hosts = [c for c in gbk_chars_with_trail(m.group(1)) if m.group(2) in heteronyms(c)]
        assert hosts, m.group(0)
        rows.append((m.start(2) - 1, m.end(), m.group(0)[1:], "reading", "/".join(hosts),
                     f"annotation after a character read out of phase (its trail byte shows as {m.group(1)!r})"))
    for m in regex.finditer(rf"(?<=\?)([{TONED}]+)\)", text):
        hosts = straddle_hosts(text[m.start() - 2], m.group(1))
        why = (f"straddling hit: the trail byte of {text[m.start() - 2]} and the next byte spell {'/'.join(hosts)} in GBK"
               if hosts else "reading whose '(' was swallowed by a lone lead byte")
        rows.append((m.start(), m.end(), m.group(0), "damaged-reading", "/".join(hosts) or "?", why))
    for start, end, *_ in rows:
        covered.update(range(start, end))
    for m in regex.finditer(r"\([^()\n]*\)|[()]", text):
        if m.start() in covered:
            continue
        why = KEPT.get((seed, m.group(0)))
        if why is None:
            sys.exit(f"unclassified parenthesis in {seed}: {text[m.start() - 10 : m.end() + 10]!r}")
        rows.append((m.start(), m.end(), m.group(0), "kept", "", why))
    for char, found in table.items():
        assert len(found) == 1, (char, found)  # the site's table is context-free
    return sorted(rows)


def main() -> None:
    for seed, name in SEEDS.items():
        text = (ROOT / "fixtures" / "seeds" / name).read_text("utf-8")
        rows = classify(seed, text)
        out = ROOT / "fixtures" / "pinyin" / f"seed{seed}_parens.tsv"
        with out.open("w", encoding="utf-8") as fh:
            fh.write("# start\tend\ttext\tkind\tcharacter\twhy   (offsets into fixtures/seeds/" + name + ")\n")
            for row in rows:
                fh.write("\t".join(map(str, row)) + "\n")
        kinds = defaultdict(int)
        for row in rows:
            kinds[row[3]] += 1
        print(seed, dict(kinds))


if __name__ == "__main__":
    main()

"""Convert between Traditional and Simplified script with OpenCC, paragraph by paragraph.

Each paragraph (line) is converted only when its own script differs from the
target, so a file that mixes Simplified and Traditional paragraphs comes out in
one script and text already in the target script is never touched.  URLs,
e-mail addresses and code are left exactly as they are.

For ``to="hans"`` plain t2s keeps 著 where mainland usage writes 着 (追著,
笑著), while tw2s writes 着 also where mainland keeps 著 (顯著, 原著); the
language model decides where the two disagree.  The phrase variants (``tw2sp``, ``s2twp``) also swap regional
vocabulary, and on mainland text that was machine-converted to Traditional
they are wrong (执行→运行, 建立→创建, 指标→指针 in the seeds), so they are an
opt-in (``regional_words=True``).  OpenCC still gets some names wrong
(神憩乾瓏 → 干珑); a phrase table (``data/phrases_hans.tsv`` plus the user's
own file, option ``phrases``) fixes those.
"""

from __future__ import annotations

import bisect
import difflib
import operator
import os
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Union

import regex

from ..pipeline import Edit, Filter, Step, apply_edits, register
from ..protect import open_pieces, protected_spans

TARGETS = ("keep", "hans", "hant", "tw", "hk")

#: OpenCC config per (target, source script, regional_words).  A paragraph already
#: in the target's script is converted only to the target's character variants
#: (t2tw, t2hk) or not at all.
CONFIGS: dict[tuple[str, str, bool], str] = {
    ("hans", "hant", False): "t2s",
    ("hans", "hant", True): "tw2sp",
    ("hant", "hans", False): "s2t",
    ("hant", "hans", True): "s2t",
    ("tw", "hans", False): "s2tw",
    ("tw", "hans", True): "s2twp",
    ("tw", "hant", False): "t2tw",
    ("tw", "hant", True): "t2tw",
    ("hk", "hans", False): "s2hk",
    ("hk", "hans", True): "s2hkp",
    ("hk", "hant", False): "t2hk",
    ("hk", "hant", True): "t2hk",
}

PhraseSource = Union[str, "os.PathLike[str]", tuple[tuple[str, str], ...], None]


@lru_cache(maxsize=None)
def converter(config: str):
    """An OpenCC converter for ``config`` (``"t2s"`` or ``"t2s.json"``), loaded once."""
    import opencc

    return opencc.OpenCC(config if config.endswith(".json") else config + ".json")


def parse_phrase_table(text: str) -> dict[str, str]:
    """Parse the phrase-table format: ``source<TAB>target`` lines, ``#`` comments."""
    table = {}
    for n, line in enumerate(text.splitlines(), 1):
        line = line.strip("\r\n")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 2 or not parts[0]:
            raise ValueError(f"phrase table line {n}: expected 'source<TAB>target', got {line!r}")
        table[parts[0]] = parts[1]
    return table


@lru_cache(maxsize=1)
def builtin_phrases() -> dict[str, str]:
    """The phrase table shipped with zhclean (``zhclean/data/phrases_hans.tsv``)."""
    return parse_phrase_table(resources.files("zhclean").joinpath("data/phrases_hans.tsv").read_text("utf-8"))


@lru_cache(maxsize=16)
def _user_phrases(path: str) -> dict[str, str]:
    with open(path, encoding="utf-8") as fh:
        return parse_phrase_table(fh.read())


@lru_cache(maxsize=16)
def _phrase_pattern(sources: tuple[str, ...]) -> regex.Pattern[str] | None:
    if not sources:
        return None
    return regex.compile("|".join(regex.escape(s) for s in sorted(sources, key=len, reverse=True)))


def _count_changed(a: str, b: str) -> int:
    if len(a) != len(b):
        return sum(1 for op in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes() if op[0] != "equal")
    return sum(map(operator.ne, a, b))


def _convert_lines(text: str, lines: list[str], config: str) -> list[str]:
    """``config`` applied to ``text`` in one OpenCC call, split into its lines.

    One call for the whole text is much cheaper than one per line, and OpenCC
    never converts across a line break, so the lines still line up.
    """
    converted = converter(config).convert(text).split("\n")
    if len(converted) != len(lines):
        converted = [converter(config).convert(line) for line in lines]
    return converted


def _convert_many(config: str, pieces: list[str]) -> list[str]:
    """``config`` applied to each of ``pieces`` (none holding a line break) in one OpenCC call."""
    converted = converter(config).convert("\n".join(pieces)).split("\n")
    if len(converted) != len(pieces):
        converted = [converter(config).convert(piece) for piece in pieces]
    return converted


def _convert_cached(text: str, config: str, cache: dict[str, str]) -> str:
    if config not in cache:
        cache[config] = converter(config).convert(text)
    return cache[config]


#: A paragraph whose first 400 characters are clearly Traditional is taken as Traditional.
_DETECT_SPAN = 400


def detect_script(paragraph: str, cache: dict[str, str] | None = None) -> str:
    """``"hans"``, ``"hant"``, ``"mixed"`` or ``"none"``: the script of ``paragraph``.

    Counts the characters OpenCC would change in each direction: Traditional
    text has many that t2s changes and few that s2t changes, Simplified text
    the reverse; a tie (a half-converted heading: 干部執行力) is ``"mixed"``.
    Text with neither (Latin, shared characters) is ``"none"``.  ``cache`` maps
    config names to conversions of ``paragraph``, computed here when missing.
    """
    cache = {} if cache is None else cache
    simplified = _convert_cached(paragraph, "t2s", cache)
    if simplified == paragraph:  # nothing Traditional: no need to count (most Simplified paragraphs)
        return "hans" if _convert_cached(paragraph, "s2t", cache) != paragraph else "none"
    if len(simplified) == len(paragraph):
        # The first half of the span gives a lower bound that settles most Traditional text at half the cost.
        span = min(len(paragraph), _DETECT_SPAN)
        n_half = _count_changed(paragraph[: span // 2], simplified[: span // 2])
        if n_half >= 3 and n_half * 10 >= span:
            return "hant"
    if len(simplified) == len(paragraph) > _DETECT_SPAN:
        n_trad = _count_changed(paragraph[:_DETECT_SPAN], simplified[:_DETECT_SPAN])
        paragraph_len = _DETECT_SPAN
    else:
        n_trad, paragraph_len = _count_changed(paragraph, simplified), len(paragraph)
    if n_trad >= 3 and n_trad * 10 >= paragraph_len:
        return "hant"  # one character in ten or more is Traditional-only: no need to look further
    traditional = _convert_cached(paragraph, "s2t", cache)
    if traditional == paragraph:
        return "hant"  # n_trad > 0 == n_simp
    n_simp = _count_changed(paragraph, traditional)
    if paragraph_len < len(paragraph):
        n_trad = _count_changed(paragraph, simplified)
    if n_trad == n_simp:
        return "none" if n_trad == 0 else "mixed"
    return "hant" if n_trad > n_simp else "hans"


#: How much more probable (natural log) the tw2s reading must be before it
#: replaces t2s's: 追著→追着 wins by 3.4 or more, 原著→原着 only by 1.0.
_VARIANT_MARGIN = 2.0


@lru_cache(maxsize=1)
def _tw2s_differs() -> regex.Pattern[str]:
    """The characters that tw2s converts differently from t2s (著, 么, 簷, ...), found by converting each CJK character."""
    chars = [chr(c) for c in range(0x3400, 0xA000)]
    joined = "\n".join(chars)
    a = converter("t2s").convert(joined).split("\n")
    b = converter("tw2s").convert(joined).split("\n")
    return regex.compile("[" + "".join(regex.escape(c) for c, x, y in zip(chars, a, b) if x != y) + "]")


#: Characters of context either side of a t2s/tw2s disagreement, for OpenCC and the model.
_WINDOW = 4


def to_mainland(paragraph: str, t2s: str | None = None) -> tuple[str, set[int]]:
    """Traditional -> Simplified for mainland usage, and the positions taken from tw2s.

    t2s keeps 著 where mainland writes 着 (追著, 笑著); tw2s writes 着 but also
    in 顯著, 土著, 原著, where mainland keeps 著.  Where the two disagree, the
    language model picks, and t2s stays unless tw2s is clearly more probable.
    ``t2s`` may pass an already computed t2s conversion.
    """
    base = converter("t2s").convert(paragraph) if t2s is None else t2s
    if len(base) != len(paragraph):
        return base, set()
    ks = [m.start() for m in _tw2s_differs().finditer(paragraph)]
    if not ks:
        return base, set()
    windows = [paragraph[max(0, k - 2 * _WINDOW) : k + 2 * _WINDOW + 1] for k in ks]
    alts = _convert_many("tw2s", windows)
    from ..lang.model import get_model

    model = get_model()
    out = None
    chosen: set[int] = set()
    for k, window, alt in zip(ks, windows, alts):
        if len(alt) != len(window):
            continue
        new = alt[min(k, 2 * _WINDOW)]
        if new == base[k]:
            continue
        left, right = base[max(0, k - _WINDOW) : k], base[k + 1 : k + 1 + _WINDOW]
        gain = model.logprob(left + new + right, simplify=False) - model.logprob(left + base[k] + right, simplify=False)
        if gain > _VARIANT_MARGIN:
            out = out or list(base)
            out[k] = new
            chosen.add(k)
    return ("".join(out) if out else base), chosen


# A clause and the punctuation or spaces after it: the unit of one edit.
_CLAUSE = regex.compile(r"[^。；？！;?!\n]+[。；？！;?!\n]*|[。；？！;?!\n]+")


def _diff_edits(
    before: str, after: str, offset: int, name: str, reason: str, marked: set[int] = frozenset(), marked_reason: str = ""
) -> list[Edit]:
    """Edits that turn ``before`` into ``after``: one per changed clause, trimmed to the changed part.

    Clause-sized edits keep reports readable (區域經濟 → 区域经济) and cost far
    less than one per character.  Positions in ``marked`` get edits of their own
    with ``marked_reason``.
    """
    if before == after:
        return []
    if len(before) != len(after):
        return [
            Edit(offset + i1, offset + i2, before[i1:i2], after[j1:j2], name, reason)
            for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, before, after, autojunk=False).get_opcodes()
            if op != "equal"
        ]
    edits: list[Edit] = []
    e = 0
    for a in _CLAUSE.findall(before):  # the clauses tile ``before``
        s, e = e, e + len(a)
        b = after[s:e]
        if a == b:
            continue
        if marked and any(s <= k < e for k in marked):
            edits += _run_edits(a, b, offset + s, name, reason, {k - s for k in marked}, marked_reason)
            continue
        i, j = 0, len(a)
        while a[i] == b[i]:
            i += 1
        while a[j - 1] == b[j - 1]:
            j -= 1
        edits.append(Edit(offset + s + i, offset + s + j, a[i:j], b[i:j], name, reason))
    return edits


def _run_edits(a: str, b: str, offset: int, name: str, reason: str, marked: set[int], marked_reason: str) -> list[Edit]:
    """One edit per changed run of characters; marked positions form runs of their own."""
    edits = []
    i, n = 0, len(a)
    while i < n:
        if a[i] == b[i]:
            i += 1
            continue
        j = i
        while j < n and a[j] != b[j] and (j in marked) == (i in marked):
            j += 1
        edits.append(Edit(offset + i, offset + j, a[i:j], b[i:j], name, marked_reason if i in marked else reason))
        i = j
    return edits


@register
@dataclass(frozen=True)
class Script(Filter):
    """Options: ``to`` (keep, hans, hant, tw, hk); ``regional_words`` (use OpenCC's
    phrase configs tw2sp/s2twp/s2hkp, which also swap regional vocabulary);
    ``phrases`` (a user phrase-table file, or ``((source, target), ...)``, added to
    the built-in table for ``to="hans"``); ``config`` (run this OpenCC config on
    every paragraph regardless of its script: a pass-through for configs zhclean
    has no target for, such as ``jp2t``)."""

    name = "script"
    summary = "convert between Traditional and Simplified script with OpenCC (--to hans|hant|tw|hk)"

    to: str = "keep"
    regional_words: bool = False
    phrases: PhraseSource = None
    config: str | None = None

    def __post_init__(self) -> None:
        if self.to not in TARGETS:
            raise ValueError(f"script: to must be one of {', '.join(TARGETS)}, not {self.to!r}")
        if isinstance(self.phrases, (str, os.PathLike)):
            try:
                _user_phrases(os.fspath(self.phrases))  # a bad file is a usage error, not a crash mid-run
            except OSError as exc:
                raise ValueError(f"script: cannot read phrase table {os.fspath(self.phrases)!r}: {exc.strerror}") from None

    @property
    def repeatable(self) -> bool:
        # A raw OpenCC config converts whatever it is given; run it once.
        return self.config is None

    def apply(self, text: str) -> Step:
        if self.config is None and self.to == "keep":
            return Step(text)
        if text.isascii():
            return Step(text)
        if self.config is not None:
            converter(self.config)  # fail early on an unknown config
        table = self._phrase_table()
        pattern = _phrase_pattern(tuple(table))
        lines = text.split("\n")
        first = self.config or ("t2s" if self.to == "hans" else "s2t")
        configs = [first] if first == "t2s" or self.config else [first, "t2s"]  # t2s also serves detection
        whole = {config: _convert_lines(text, lines, config) for config in configs}
        todo: list[tuple[int, int, str, dict[str, str]]] = []  # (start, end, config, conversions of the line)
        pos = 0
        for n, line in enumerate(lines):
            end = pos + len(line)
            if line and (whole[first][n] != line or (self.to not in ("hans", "hant") and self.config is None)):
                cache = {config: converted[n] for config, converted in whole.items()}
                config = self._config_for(line, cache)
                if config is not None:
                    todo.append((pos, end, config, cache))
            pos = end + 1
        # A config the whole-text conversions lack (t2tw, s2hk, ...): one OpenCC call for all its lines.
        missing: dict[str, list[tuple[int, int, str, dict[str, str]]]] = {}
        for item in todo:
            if item[2] not in item[3]:
                missing.setdefault(item[2], []).append(item)
        for config, items in missing.items():
            for (start, end, _, cache), converted in zip(items, _convert_many(config, [text[s:e] for s, e, _, _ in items])):
                cache[config] = converted
        spans = protected_spans(text)
        starts, ends = [s for s, _ in spans], [e for _, e in spans]
        edits: list[Edit] = []
        for start, end, config, cache in todo:
            # Only the spans on this line: looking at all of them for every line is quadratic.
            line_spans = spans[bisect.bisect_right(ends, start) : bisect.bisect_left(starts, end)] if spans else spans
            edits.extend(self._convert_paragraph(text, start, end, config, table, pattern, cache, line_spans))
        return apply_edits(text, edits) if edits else Step(text)

    def _phrase_table(self) -> dict[str, str]:
        if self.to != "hans" or self.config is not None:
            return {}
        table = dict(builtin_phrases())
        if isinstance(self.phrases, (str, os.PathLike)):
            table.update(_user_phrases(os.fspath(self.phrases)))
        elif self.phrases:
            table.update(dict(self.phrases))
        return table

    def _config_for(self, paragraph: str, cache: dict[str, str]) -> str | None:
        """The OpenCC config for ``paragraph``, or None when it is already in the target script."""
        if self.config is not None:
            return self.config
        # Cheap first test for to="hans": nothing for t2s to do means nothing Traditional.
        if self.to == "hans" and _convert_cached(paragraph, "t2s", cache) == paragraph:
            return None
        source = detect_script(paragraph, cache)
        if source in ("none", self.to):
            return None
        # A mixed paragraph is converted as if written in the other script.
        if source == "mixed":
            source = "hant" if self.to == "hans" else "hans"
        return CONFIGS[(self.to, source, self.regional_words)]

    def _convert(self, config: str, piece: str, start: int, cache: dict[str, str]) -> list[Edit]:
        """Edits converting ``piece``; ``cache`` holds conversions of exactly this piece."""
        if config != "t2s" or self.config is not None:
            return _diff_edits(piece, _convert_cached(piece, config, cache), start, self.name, f"OpenCC {config}")
        converted, from_tw = to_mainland(piece, _convert_cached(piece, "t2s", cache))
        why = "OpenCC tw2s (mainland 着; the language model prefers it to t2s)"
        return _diff_edits(piece, converted, start, self.name, "OpenCC t2s", from_tw, why)

    def _convert_paragraph(
        self,
        text: str,
        start: int,
        end: int,
        config: str,
        table: dict[str, str],
        pattern: regex.Pattern[str] | None,
        cache: dict[str, str],
        spans: list[tuple[int, int]],
    ) -> list[Edit]:
        pieces = open_pieces(text, start, end, spans) if spans else [(start, end)]
        if pieces == [(start, end)] and not (pattern and pattern.search(text, start, end)):
            return self._convert(config, text[start:end], start, cache)
        edits: list[Edit] = []
        for s, e in pieces:
            piece = text[s:e]
            pos = 0
            for m in pattern.finditer(piece) if pattern else ():
                edits += self._convert(config, piece[pos : m.start()], s + pos, {})
                edits += _diff_edits(m.group(0), table[m.group(0)], s + m.start(), self.name, "phrase table")
                pos = m.end()
            edits += self._convert(config, piece[pos:], s + pos, {})
        return edits

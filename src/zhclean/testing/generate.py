"""Damage a whole corpus: which documents each mechanism applies to, and how pages are grouped."""

from __future__ import annotations

from typing import Any, Iterator, Sequence

from .corpus import Document
from .damage import Damaged, make_rng
from .mechanisms import MECHANISMS, SEEDLIKE, combine, interleave_articles

#: Mechanisms that only make sense for one script: Big5 holds Traditional text,
#: and script conversion (and the seeds' s2t-first recipe) starts from Simplified.
SCRIPT_OF: dict[str, str] = {"big5_as_gbk": "hant", "script_conversion": "hans", "seedlike": "hans", "interleave_articles": "hans"}

#: Every name ``damage_corpus`` accepts: single mechanisms, the seeds' recipe, interleaving.
ALL = (*MECHANISMS, "seedlike", "interleave_articles")


def damage_corpus(docs: Sequence[Document], mechanism: str, seed: int, **params: Any) -> Iterator[tuple[str, Damaged]]:
    """Yield ``(name, damaged)`` for every document ``mechanism`` applies to.

    Each document gets its own RNG derived from ``seed``, the mechanism and its
    name, so adding documents never changes the damage done to the others.
    ``interleave_articles`` lays out pages of 2 or 3 articles.
    """
    if mechanism not in ALL:
        raise ValueError(f"unknown mechanism {mechanism!r}; known: {', '.join(ALL)}")
    script = SCRIPT_OF.get(mechanism)
    chosen = [d for d in docs if script is None or d.script == script]
    if mechanism == "interleave_articles":
        rng = make_rng(seed, mechanism)
        i = 0
        while i + 2 <= len(chosen):
            k = min(rng.choice((2, 3)), len(chosen) - i)
            group = chosen[i : i + k]
            yield "+".join(d.name for d in group), interleave_articles([d.text for d in group], make_rng(seed, mechanism, i), **params)
            i += k
        return
    for d in chosen:
        rng = make_rng(seed, mechanism, d.name)
        if mechanism == "seedlike":
            yield d.name, combine(d.text, rng.random(), SEEDLIKE, name="seedlike")
        else:
            yield d.name, MECHANISMS[mechanism](d.text, rng, **params)

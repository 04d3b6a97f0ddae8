"""Damage a whole corpus: the named recipes the benchmarks run, and which documents each applies to."""

from __future__ import annotations

from typing import Any, Iterator, Sequence

from .corpus import Document
from .damage import Damaged, make_rng
from .mechanisms import MECHANISMS, PDFLIKE, SEEDLIKE, combine, interleave_articles

Recipe = tuple[tuple[str, dict[str, Any]], ...]

#: Every benchmark row: one mechanism with its parameters, or several in order.
RECIPES: dict[str, Recipe] = {
    "phase_slipped_gbk": (("phase_slipped_gbk", {}),),
    "utf8_as_gbk": (("utf8_as_gbk", {}),),
    "utf8_as_gbk_lost_byte": (("utf8_as_gbk", {"lost_bytes": 1}),),
    "gbk_as_latin1": (("gbk_as_latin1", {}),),
    "gbk_as_cp1252": (("gbk_as_latin1", {"codec": "cp1252"}),),
    "big5_as_gbk": (("big5_as_gbk", {}),),
    "unrecoverable_kunkao": (("unrecoverable", {"style": "kunkao"}),),
    "unrecoverable_fffd": (("unrecoverable", {"style": "replacement"}),),
    "inline_pinyin": (("inline_pinyin", {}),),
    "inline_pinyin_fullwidth": (("inline_pinyin", {"brackets": "（）"}),),
    "script_s2t": (("script_conversion", {"config": "s2t"}),),
    "script_s2tw": (("script_conversion", {"config": "s2tw"}),),
    "script_s2hk": (("script_conversion", {"config": "s2hk"}),),
    "halfwidth_punctuation": (("halfwidth_punctuation", {}),),
    "halfwidth_quotes": (("halfwidth_punctuation", {"quotes": True}),),
    "stray_html": (("stray_html", {}),),
    "column_wrap_ocr": (("column_wrap", {"joiner": "\n"}),),
    "column_wrap_pdf": (("column_wrap", {"joiner": " ", "paragraph_break": "\n\n"}),),
    "page_furniture": (("page_furniture", {}),),
    "seedlike": SEEDLIKE,
    "pdflike": PDFLIKE,
}

#: Recipes that only make sense for one script: Big5 holds Traditional text,
#: and script conversion (and the seeds' s2t-first recipe) starts from Simplified.
SCRIPT_OF: dict[str, str] = {
    "big5_as_gbk": "hant",
    "script_s2t": "hans",
    "script_s2tw": "hans",
    "script_s2hk": "hans",
    "seedlike": "hans",
    "interleave_articles": "hans",
}

#: How many articles ``interleave_articles`` sets on one page.
ARTICLES_PER_PAGE = (2, 9)

#: Every name ``damage_corpus`` accepts.
ALL = (*RECIPES, "interleave_articles")


def damage_corpus(docs: Sequence[Document], recipe: str, seed: int) -> Iterator[tuple[str, Damaged]]:
    """Yield ``(name, damaged)`` for every document ``recipe`` applies to.

    Each document gets its own RNG derived from ``seed``, the recipe and the
    document's name, so adding documents never changes the damage done to the
    others.  ``interleave_articles`` lays out pages of 2 to 9 articles (as the
    article-splitting issue describes its benchmark).
    """
    if recipe not in ALL:
        raise ValueError(f"unknown recipe {recipe!r}; known: {', '.join(ALL)}")
    script = SCRIPT_OF.get(recipe)
    chosen = [d for d in docs if script is None or d.script == script]
    if recipe == "interleave_articles":
        rng = make_rng(seed, recipe)
        i = 0
        while i + 2 <= len(chosen):
            k = min(rng.randint(*ARTICLES_PER_PAGE), len(chosen) - i)
            group = chosen[i : i + k]
            yield "+".join(d.name for d in group), interleave_articles([d.text for d in group], make_rng(seed, recipe, i))
            i += k
        return
    steps = RECIPES[recipe]
    for d in chosen:
        rng = make_rng(seed, recipe, d.name)
        if len(steps) == 1:
            mechanism, params = steps[0]
            damaged = MECHANISMS[mechanism](d.text, rng, **params)
        else:
            damaged = combine(d.text, rng.random(), steps, name=recipe)
        damaged.mechanism = recipe
        yield d.name, damaged

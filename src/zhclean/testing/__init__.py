"""Synthetic damage with ground truth, for measuring zhclean (``scripts/corrupt.py``, ``scripts/bench_quality.py``).

Each mechanism reproduces one way real Chinese text was damaged (see
``../shared/notes/seed-damage-model.md``) and keeps the clean original and the
damaged runs, so a benchmark can tell restored runs from false repairs.
"""

from .codecs import swallowing_gbk_decode
from .corpus import Document, load_corpus, normalise_paragraphs, resolve_corpus
from .damage import Block, Damaged, Run, make_rng, runs_from_diff, splice
from .mechanisms import (
    MECHANISMS,
    PDFLIKE,
    SEEDLIKE,
    big5_as_gbk,
    column_wrap,
    combine,
    gbk_as_latin1,
    halfwidth_punctuation,
    inline_pinyin,
    interleave_articles,
    page_furniture,
    phase_slipped_gbk,
    script_conversion,
    stray_html,
    unrecoverable,
    utf8_as_gbk,
)
from .generate import ALL, RECIPES, SCRIPT_OF, damage_corpus
from .metrics import ArticleScores, RunScores, article_scores, edit_distance, normalise_layout, score

__all__ = [
    "ALL",
    "RECIPES",
    "SCRIPT_OF",
    "damage_corpus",
    "MECHANISMS",
    "PDFLIKE",
    "SEEDLIKE",
    "ArticleScores",
    "Block",
    "Damaged",
    "Document",
    "Run",
    "RunScores",
    "article_scores",
    "big5_as_gbk",
    "column_wrap",
    "combine",
    "edit_distance",
    "gbk_as_latin1",
    "halfwidth_punctuation",
    "inline_pinyin",
    "interleave_articles",
    "load_corpus",
    "make_rng",
    "normalise_layout",
    "normalise_paragraphs",
    "page_furniture",
    "phase_slipped_gbk",
    "resolve_corpus",
    "runs_from_diff",
    "score",
    "script_conversion",
    "splice",
    "stray_html",
    "swallowing_gbk_decode",
    "unrecoverable",
    "utf8_as_gbk",
]

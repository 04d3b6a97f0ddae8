"""The tidy filter: the output contract, and the optional blank line between paragraphs."""

from pathlib import Path

import pytest

import zhclean
from zhclean.filters.tidy import Tidy

SEEDS = Path(__file__).parent.parent.parent / "fixtures" / "seeds"


def test_default_keeps_single_line_paragraphs():
    assert Tidy().apply("第一段。\n第二段。").text == "第一段。\n第二段。"


def test_collapses_blank_runs_and_trailing_space():
    assert Tidy().apply("\n\n第一段。  \n\n\n\n第二段。\n\n").text == "第一段。\n\n第二段。\n"


def test_blank_gap_sets_each_paragraph_apart_once():
    out = Tidy(paragraph_gap="blank").apply("标题\n第一段。 \n第二段。\n\n\n第三段。\n\u3000\n第四段").text
    assert out == "标题\n\n第一段。\n\n第二段。\n\n第三段。\n\n第四段"


def test_bad_gap_is_a_usage_error():
    with pytest.raises(ValueError, match="paragraph_gap"):
        Tidy(paragraph_gap="double")


def test_blank_gap_on_a_one_paragraph_per_line_seed():
    # seed 001 writes one paragraph per line; with the option every paragraph of the
    # default output is set off by exactly one blank line, and nothing else changes
    text = next(SEEDS.glob("001_*.txt")).read_text(encoding="utf-8")
    kept = zhclean.fix_text(text)
    blank = zhclean.fix_text(text, tidy_paragraph_gap="blank")
    assert blank.split("\n\n") == [line for line in kept.split("\n") if line.strip()]
    assert zhclean.fix_text(blank, tidy_paragraph_gap="blank") == blank

"""The pipeline's contract: edits reproduce the output and map back to the input."""

from pathlib import Path

import pytest

import zhclean
from zhclean.pipeline import Edit, Pipeline, apply_edits


FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
# Seed 002's first paragraph: a PDF column wrap left a space every ~17 characters.
# Every space in it is a wrap space (read by hand: 该 区, 项目 29个, 重大发 展, 深入推 进, ...).
WRAPPED = (FIXTURES / "seeds" / "002_2e6c65ec513308ee.txt").read_text(encoding="utf-8").split("\n")[6]
UNWRAPPED = WRAPPED.replace(" ", "")


def test_edits_map_back_to_input_offsets():
    text = "A\r\n" + WRAPPED + "</p>\r\n"
    result = zhclean.fix(text, steps=["newlines", "html", "whitespace", "tidy"])
    assert result.text == "A\n" + UNWRAPPED + "\n"
    assert {e.filter for e in result.edits} == {"newlines", "html", "whitespace"}
    for e in result.edits:
        if e.filter != "newlines":
            # later filters' edits point at the same characters in the original input
            assert text[e.start : e.end] == e.before, e


def test_apply_edits_rejects_overlap():
    with pytest.raises(ValueError):
        apply_edits("abc", [Edit(0, 2, "ab", "", "t", "r"), Edit(1, 3, "bc", "", "t", "r")])


def test_unknown_filter_and_option_are_errors():
    with pytest.raises(ValueError, match="unknown filter"):
        Pipeline.from_options(steps=["nope"])
    with pytest.raises(ValueError, match="has no option"):
        Pipeline.from_options(options={"html": {"nope": 1}})


def test_required_filters_cannot_be_skipped():
    p = Pipeline.from_options(skip=["tidy", "newlines", "html"])
    assert "tidy" in p.names and "newlines" in p.names and "html" not in p.names


def test_clean_text_passes_unchanged():
    clean = "习近平同卡塔尔埃米尔塔米姆举行会谈。\n\n双方要进一步对接发展战略，共同建设“一带一路”。\n"
    assert zhclean.fix_text(clean) == clean

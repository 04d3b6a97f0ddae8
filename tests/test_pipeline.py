"""The pipeline's contract: edits reproduce the output and map back to the input."""

import pytest

import zhclean
from zhclean.pipeline import Edit, Pipeline, apply_edits


def test_edits_map_back_to_input_offsets():
    # seed 002, line 7: a column of ~16 characters joined by spaces
    text = (
        "A\r\n日前,株洲经开区传来好消息,该 区今年以来已成功签约引进产业项目 29个,总投资额达118亿元。这是该区 "
        '抢抓全面落实"三高四新"战略定位和 使命任务、长株潭一体化发展等重大发 展机遇。</p>\r\n'
    )
    result = zhclean.fix(text, steps=["newlines", "html", "whitespace", "tidy"])
    assert result.text == (
        "A\n日前,株洲经开区传来好消息,该区今年以来已成功签约引进产业项目29个,总投资额达118亿元。这是该区"
        '抢抓全面落实"三高四新"战略定位和使命任务、长株潭一体化发展等重大发展机遇。\n'
    )
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

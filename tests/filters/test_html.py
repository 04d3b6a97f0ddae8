"""The html filter strips tags the input has; escaped markup is text the page showed."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zhclean import fix_text
from zhclean.filters.html import Html


@pytest.mark.parametrize(
    "text, expected",
    [
        # real leftovers: a tag inside a line is a line break, entities are unescaped
        ("第一段</p>第二段", "第一段\n第二段"),
        ("<b>粗体</b>&nbsp;正文", "粗体 正文"),
        ("a &lt; b &amp;&amp; c &gt; d", "a < b && c > d"),
        ("&lt;&lt;人民日报&gt;&gt;", "<<人民日报>>"),  # not a tag once unescaped
        # escaped markup is what the page showed: unescaped it would be stripped
        ("在HTML中使用&lt;br&gt;标签换行。", "在HTML中使用&lt;br&gt;标签换行。"),
        ("&lt;p&gt;段落&lt;/p&gt;", "&lt;p&gt;段落&lt;/p&gt;"),
        ("<br&gt;", "<br&gt;"),  # "&gt;" would close a tag the input did not have
        ("中文</p>&lt;b&gt;", "中文\n&lt;b&gt;"),  # the real tag goes, the escaped one stays
    ],
)
def test_tags_and_entities(text, expected):
    assert Html().apply(text).text == expected


def test_double_escaped_entity_settles_in_the_pipeline():
    # "&amp;lt;" is "&lt;" escaped once more: the next round unescapes what it spells,
    # unless that is markup
    assert fix_text("甲&amp;lt;乙\n", steps=["html"]) == "甲<乙\n"
    assert fix_text("&amp;lt;br&amp;gt;\n", steps=["html"]) == "&lt;br&gt;\n"


_PIECES = ["&lt;", "&gt;", "&amp;", "&nbsp;", "<", ">", "/", "br", "p", "b", "lt;", "gt;", "&", " ", "中", "x="]


@settings(max_examples=200, deadline=None, derandomize=True, database=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=12).map("".join))
def test_html_output_is_a_fixed_point(text):
    once = fix_text(text, steps=["html"])
    assert fix_text(once, steps=["html"]) == once

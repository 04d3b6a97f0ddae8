"""Wrong arguments to the library fail loudly, with a message that says what to change."""

from __future__ import annotations

import re

import pytest

import zhclean
from zhclean import InputError


@pytest.mark.parametrize("text, message", [(b"abc", "text must be a str, not bytes"), (None, "text must be a str, not NoneType")])
def test_text_must_be_a_string(text, message):
    with pytest.raises(TypeError, match=message):
        zhclean.fix_text(text)


def test_one_name_for_steps_or_skip_is_one_filter():
    assert zhclean.pipeline("html", skip="whitespace").names == ["newlines", "html", "tidy"]
    assert zhclean.fix_text("甲&amp;乙</p>", steps="html") == "甲&乙"
    # skipping punctuation keeps the half-width comma; the default pipeline converts it
    assert zhclean.fix_text("中文,测试", skip="punctuation") == "中文,测试"
    assert zhclean.fix_text("中文,测试") == "中文，测试"


def test_pipeline_takes_a_list_of_names_too():
    assert zhclean.pipeline(["html", "whitespace"]).names == zhclean.pipeline("html", "whitespace").names


@pytest.mark.parametrize(
    "options, error, message",
    [
        ({"skip": 3}, TypeError, "skip must be a filter name or a list of them, not int"),
        ({"steps": ["html", None]}, TypeError, "got None in it"),
        ({"options": {"script": "hans"}}, TypeError, r"options\['script'\] must map option names to values"),
        ({"options": ["script"]}, TypeError, "options must map filter names to their options"),
        ({"html_entities": "false"}, TypeError, "option html.entities must be a bool, not str 'false'"),
        ({"punctuation_full_width": "no"}, TypeError, "option punctuation.full_width must be a bool"),
        ({"mojibake_min_gain": "8"}, TypeError, "option mojibake.min_gain must be a float"),
        ({"steps": ["html"], "script_to": "hans"}, ValueError, r"filter\(s\) that do not run: script \(to\)"),
        ({"skip": ["script"], "options": {"script": {"to": "hans"}}}, ValueError, "do not run: script"),
    ],
)
def test_misused_options_are_refused(options, error, message):
    with pytest.raises(error, match=message):
        zhclean.fix_text("中文", **options)


def test_right_types_still_pass():
    assert zhclean.fix_text("甲&amp;乙", html_entities=False) == "甲&amp;乙"
    assert zhclean.fix_text("甲&amp;乙", mojibake_min_gain=8) == "甲&乙"  # an int for a float option


def test_missing_file_error_names_the_path(tmp_path):
    path = tmp_path / "nonexistent.txt"
    with pytest.raises(InputError, match=re.escape(f"{path}: no such file or directory")) as info:
        zhclean.fix_file(path)
    assert info.value.kind == "missing"

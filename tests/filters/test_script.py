"""The script filter: OpenCC per paragraph, mainland usage for to="hans", code left alone.

Expectations were checked by reading the seeds' Traditional text (001, 004)
against their Simplified conversion; see the report of issue 5 for the list.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import zhclean
from zhclean.filters.pinyin import Pinyin
from zhclean.filters.script import Script, builtin_phrases, converter, detect_script, parse_phrase_table

SEEDS = Path(__file__).resolve().parents[2] / "fixtures" / "seeds"


def to(target: str, text: str, **options) -> str:
    return Script(to=target, **options).apply(text).text


def seed_hans(name: str) -> str:
    text = Pinyin().apply((SEEDS / name).read_text("utf-8")).text
    return to("hans", text)


def test_keep_is_the_default_and_changes_nothing():
    text = "這是繁體。\n这是简体。"
    assert Script().apply(text).text == text
    assert zhclean.fix_text(text, steps=["script"]) == text


def test_mainland_zhe_where_t2s_keeps_zhu():
    # seed 001 and 004: plain t2s leaves 著 in all of these
    out = seed_hans("001_567c91c53001c8e8.txt") + seed_hans("004_9d8799f28eba6c6d.txt")
    for word in ["追着", "指着", "藏着", "笑着", "守着", "靠着", "洋溢着", "接着", "跟着"]:
        assert word in out, word
    assert "著" not in out


def test_zhu_stays_where_mainland_writes_it():
    assert to("hans", "他的原著小說顯著提高，當地土著居民") == "他的原著小说显著提高，当地土著居民"


def test_phrase_table_keeps_qian_in_names():
    out = seed_hans("001_567c91c53001c8e8.txt")
    assert out.count("神憩乾珑") == 2 and "干珑" not in out


def test_no_regional_vocabulary_swaps_by_default():
    # tw2sp would write 运行力, 创建, 指针, 密钥 here (seed 001, 004)
    out = seed_hans("001_567c91c53001c8e8.txt") + seed_hans("004_9d8799f28eba6c6d.txt")
    assert "干部执行力" in out and "建立" in out and "经济指标" in out and "金钥匙" in out
    assert not any(w in out for w in ["运行力", "创建专业", "指针", "密钥"])


def test_half_converted_heading_is_finished():
    # seed 001: the heading was left half Simplified by the page's own conversion
    assert detect_script("干部執行力,打通落實的“最后一公里”") == "mixed"
    assert to("hans", "干部執行力,打通落實的“最后一公里”") == "干部执行力,打通落实的“最后一公里”"


def test_each_paragraph_is_converted_only_when_needed():
    text = "這是繁體段落。\n这是简体段落，乾隆年间。\n"
    assert to("hans", text) == "这是繁体段落。\n这是简体段落，乾隆年间。\n"
    assert to("hant", text) == "這是繁體段落。\n這是簡體段落，乾隆年間。\n"
    assert to("tw", "这是简体，鼠标和打印机") == "這是簡體，鼠標和打印機"
    assert to("tw", "这是简体，鼠标和打印机", regional_words=True) == "這是簡體，滑鼠和印表機"
    assert to("hk", "这是简体") == "這是簡體"


def test_code_is_never_converted():
    text = "執行`print('繁體')`後\n```\n變數 = '繁體'\n```\n結束"
    assert to("hans", text) == "执行`print('繁體')`后\n```\n變數 = '繁體'\n```\n结束"


def test_config_pass_through():
    assert Script(config="jp2t").apply("旧字体").text == "舊字體"


def test_user_phrases_from_a_file_and_from_pairs(tmp_path):
    table = tmp_path / "my.tsv"
    table.write_text("# 我的表\n乾瓏山\t乾珑山\n", encoding="utf-8")
    assert to("hans", "乾瓏山很高", phrases=str(table)) == "乾珑山很高"
    assert to("hans", "乾瓏山很高", phrases=(("乾瓏山", "乾珑山"),)) == "乾珑山很高"
    with pytest.raises(ValueError):
        parse_phrase_table("no tab here\n")


def test_every_builtin_phrase_still_fixes_an_opencc_conversion():
    for source, target in builtin_phrases().items():
        assert converter("t2s").convert(source) != target, source
        assert to("hans", f"這是{source}。") == f"这是{target}。"


def test_unknown_target_is_refused():
    with pytest.raises(ValueError):
        Script(to="simplified")


@pytest.mark.parametrize("target", ["hans", "hant", "tw", "hk"])
def test_idempotent_on_seeds(target):
    for name in ["001_567c91c53001c8e8.txt", "004_9d8799f28eba6c6d.txt", "002_2e6c65ec513308ee.txt"]:
        once = to(target, (SEEDS / name).read_text("utf-8"))
        assert to(target, once) == once

"""The pinyin filter removes readings and nothing else.

Seed expectations come from fixtures/pinyin/seed00N_parens.tsv, which lists
every parenthesis in seeds 001 and 004 with its kind; it is written by
scripts/make_pinyin_fixture.py from the damage model, independently of the
filter, and its non-trivial rows were checked by hand against the GBK bytes.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

import zhclean
from zhclean.filters.pinyin import Pinyin, spells_reading

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
SEEDS = {"001": "001_567c91c53001c8e8.txt", "004": "004_9d8799f28eba6c6d.txt"}


def _rows(seed: str) -> list[tuple[int, int, str, str]]:
    rows = []
    for line in (FIXTURES / "pinyin" / f"seed{seed}_parens.tsv").read_text("utf-8").splitlines():
        if line.startswith("#"):
            continue
        start, end, text, kind, *_ = line.split("\t")
        rows.append((int(start), int(end), text, kind))
    return rows


def clean(text: str) -> str:
    return Pinyin().apply(text).text


@pytest.mark.parametrize(
    "text,expected",
    [
        ("時(shí)政", "時政"),
        ("時（shí）政", "時政"),
        ("時shi2政", "時政"),
        ("中国zhong1guo2人", "中国人"),
        ("北京(běi jīng)", "北京"),
        ("北京(běijīng)大学", "北京大学"),
        ("北京（bei3 jing1）", "北京"),
        ("綠(lü4)色 綠(lv4)色 綠(lǜ)色", "綠色 綠色 綠色"),
        ("調(diào)整", "調整"),  # a heteronym of 調 (tiáo, diào): still a reading
        ("長(zhǎng)", "長"),
        ("鄭標(biāo)等黨員", "鄭標等黨員"),  # a name followed by a reading of its last character
        ("鎮(zhèn)(街道)外出", "鎮(街道)外出"),
    ],
)
def test_removes_readings(text, expected):
    assert clean(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "(鄭標)",
        "(杨丁香 赵建平)",
        "镇(街道)外出招商",
        "北京(Beijing)",  # an English name, not a reading: no tones
        "时(shì)政",  # shì is not a reading of 时 (shí)
        "的(de)",  # toneless: too weak to call a reading
        "用iPhone5拍摄",
        "G20峰会在杭州(2016年)举行",
        "城东新区 (本版图片由苏仙区委宣传部提供)",
        "喷丝头(板)300万只",
        "1-6月(同比增长5%)",
        "见附件a)",
    ],
)
def test_keeps_other_parentheses(text):
    assert clean(text) == text


def test_keeps_an_editors_gloss_of_a_rare_character_with_a_notice():
    # People's Daily, 2019: 童寯 is the architect Tong Jun; the gloss is for readers.
    step = Pinyin().apply("建筑学家童寯（jùn）在生命的最后")
    assert step.text == "建筑学家童寯（jùn）在生命的最后"
    assert [n.text for n in step.notices] == ["（jùn）"]
    assert Pinyin(keep_rare_glosses=False).apply("童寯（jùn）").text == "童寯"


@pytest.mark.parametrize(
    "text",
    [
        # the reading an editor marks: not pypinyin's first (敦 dūn, 於 yú, 曾 céng), given once
        "鼎、簋（guǐ）、敦（duì）、豆都是古代礼器。",  # clean rmrb_20200125-06-01 (簋 is rare: kept anyway)
        "“於（wū）粲洒埽，陈馈八簋。”",
        "湘军首领叫曾（zēng）国藩。",
        # two readings of one character set against each other
        "这个字读作长（zhǎng），不读长（cháng）。",
        "行（xíng）和行（háng）是多音字。",
    ],
)
def test_keeps_an_editors_gloss_of_a_marked_reading(text):
    step = Pinyin().apply(text)
    assert step.text == text and not step.edits
    assert step.notices and all("editor's gloss" in n.reason for n in step.notices)
    assert "（" not in Pinyin(keep_rare_glosses=False).apply(text).text  # the option turns every rule off


def test_a_tool_reading_is_removed_even_where_it_differs_from_the_usual_one():
    # a context-free tool writes pypinyin's first reading (長 zhǎng) for every occurrence,
    # so a lone 時(shí) or 長(zhǎng) is removed; in a text with many readings and no
    # contrast the editor's-gloss rule does not apply at all
    assert Pinyin().apply("時(shí)政").text == "時政"
    assert Pinyin().apply("長(zhǎng)大").text == "長大"
    many = "".join(f"{c}({r})" for c, r in zip("時長會說們國際發", ["shí", "zhǎng", "huì", "shuō", "men", "guó", "jì", "fā"]))
    annotated = many + "，曾(zēng)國藩，" + many
    assert Pinyin().apply(annotated).text == "時長會說們國際發，曾國藩，時長會說們國際發"


def test_damaged_readings_are_removed_only_in_checkable_shapes():
    # ?biāo): the '(' of 標's reading was swallowed with a lone lead byte (seed 001).
    assert clean("他們的笑臉?biāo)坪踉诟") == "他們的笑臉?坪踉诟"
    # _(kāi): '_' is the trail byte of 開 (E9 5F) read out of phase (seed 001).
    assert clean("焖俳ǔ砷_(kāi)學") == "焖俳ǔ砷_學"
    # the byline's own ')' and a bare ')' after Latin stay.
    assert clean("胡成杰 張亞運(yùn))") == "胡成杰 張亞運)"
    assert clean("步骤a)和b)") == "步骤a)和b)"


def test_spells_reading_covers_every_character_in_order():
    assert spells_reading("北京", "běi jīng")
    assert spells_reading("北京", "bei3jing1")
    assert not spells_reading("北京", "jīng běi")
    assert not spells_reading("北京", "běi")


@pytest.mark.parametrize("seed", sorted(SEEDS))
def test_seed_readings_all_go_and_every_other_parenthesis_stays(seed):
    text = (FIXTURES / "seeds" / SEEDS[seed]).read_text("utf-8")
    rows = _rows(seed)
    step = Pinyin().apply(text)
    removed = {(e.start, e.end) for e in step.edits}
    assert all(e.after == "" for e in step.edits)
    assert removed == {(s, e) for s, e, _, kind in rows if kind != "kept"}
    kept = [(s, e, t) for s, e, t, kind in rows if kind == "kept"]
    assert all(text[s:e] == t for s, e, t in kept)
    # every parenthesis left in the output is one of the kept rows
    assert step.text.count("(") + step.text.count(")") == sum(t.count("(") + t.count(")") for _, _, t in kept)


def test_seed_001_counts():
    rows = _rows("001")
    assert sum(kind == "reading" for *_, kind in rows) == 486  # 485 intact + 開's after '_'
    assert sum(kind == "damaged-reading" for *_, kind in rows) == 5
    assert sum(kind == "kept" for *_, kind in rows) == 0
    text = (FIXTURES / "seeds" / SEEDS["001"]).read_text("utf-8")
    assert zhclean.fix(text, steps=["pinyin"]).counts["pinyin"] == 491


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet="時區長北京(（)）shíqūzhǎng2 a?_", max_size=30))
def test_idempotent_and_never_crashes(text):
    once = clean(text)
    assert clean(once) == once


def test_whole_pipeline_leaves_no_reading_and_keeps_the_real_parentheses():
    from zhclean.lang.readings import PINYIN_LETTERS

    # two or more pinyin letters, one with a tone mark (a lone ǘ in the garbled byline is GBK mojibake)
    reading = rf"(?=[{PINYIN_LETTERS}]{{2}})[{PINYIN_LETTERS}]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][{PINYIN_LETTERS}]*"
    out001 = zhclean.fix((FIXTURES / "seeds" / SEEDS["001"]).read_text("utf-8")).text
    assert not regex.search(reading, out001)
    assert not regex.search(r"[()（）]", out001)  # seed 001 has no parenthesis that is not a reading
    out004 = zhclean.fix((FIXTURES / "seeds" / SEEDS["004"]).read_text("utf-8")).text
    assert not regex.search(reading, out004)
    assert "（街道）" in out004 and out004.rstrip().endswith("張亞運）")


def test_neutral_tone_readings_go_in_an_annotated_text_only():
    # pypinyin reads 们 as men and 了 as le (neutral tone); once the text shows
    # toned glosses, toneless ones after such characters are glosses too
    assert zhclean.fix_text("他(tā)们(men)来了(le)，我的(de)书。", steps=["pinyin"]) == "他们来了，我的书。"
    # without any toned gloss a toneless word in brackets is left alone
    assert zhclean.fix_text("我的(de)书。", steps=["pinyin"]) == "我的(de)书。"
    # and a name is never a reading, toned text or not
    assert zhclean.fix_text("北京(Beijing)的时(shí)政。", steps=["pinyin"]) == "北京(Beijing)的时政。"


def test_a_long_run_of_parenthesised_groups_is_walked_once(monkeypatch):
    # audit pass 4: '(shí)' * n took quadratic time, each group walking back over all before it
    from zhclean.filters import pinyin as module

    calls = []
    real = module._GROUP_BEFORE

    class Counting:
        def search(self, *args):
            calls.append(1)
            return real.search(*args)

    monkeypatch.setattr(module, "_GROUP_BEFORE", Counting())
    n = 400
    Pinyin().apply("中" + "(shí)" * n)
    assert len(calls) <= 2 * n + 2

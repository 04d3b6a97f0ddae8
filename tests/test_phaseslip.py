"""Phase-slipped GBK runs that lost a user-defined code, and the scoring helpers behind them.

Every damaged string here is made from its clean original byte by byte, as
../shared/notes/seed-damage-model.md describes (cut after a lead byte, the
rest decoded by the swallowing decoder, user-defined codes dropped), so the
expected repair is the clean text by construction.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zhclean.encodings import is_invisible_pair, swallowing_gbk_decode
from zhclean.filters.mojibake import Mojibake
from zhclean.lang.model import get_model
from zhclean.phaseslip import punctuation_share


def cut_inside(clean: str, span: str) -> tuple[str, str]:
    """``clean`` with ``span`` cut after its first (lead) byte and read one byte out of phase."""
    i = clean.index(span)
    run = "?" + swallowing_gbk_decode(span.encode("gbk")[1:])
    return clean[:i] + run + clean[i + len(span) :], run


@pytest.mark.parametrize(
    "clean, span, run, code",
    [
        # 作已全面准 = D7F7 D2D1 C8AB C3E6 D7BC: read from F7, "AB C3" is a user-defined code
        ("卫生、安保、志愿者服务等保障工作已全面准备就绪。", "作已全面准", "?饕讶孀?", (0xAB, 0xC3)),
        # 型滑雪場 = D0CD BBAC D1A9 88F6: "AC D1" is a user-defined code
        ("故居、玉皇山森林公園，江南有大型滑雪場。", "型滑雪場", "?突﹫?", (0xAC, 0xD1)),
    ],
)
def test_run_that_lost_a_user_defined_code_is_restored(clean, span, run, code):
    damaged, shown = cut_inside(clean, span)
    assert shown == run and is_invisible_pair(*code)
    step = Mojibake().apply(damaged)
    assert step.text == clean
    (edit,) = step.edits
    assert edit.before == run and edit.after == span
    assert "out of phase" in edit.reason and "4 bytes lost" in edit.reason  # lead, the code, the last trail


def test_undecided_run_with_a_lost_code_is_reported_with_candidates():
    # 背景下， = B1B3 BEB0 CFC2 A3AC: the final ? hides AC; ，and ！ fit the bytes
    # and a sentence this short does not say which
    clean = "他们认为，在加强隐私保护成为共识的背景下，怎样处理好个人权益。"
    damaged, run = cut_inside(clean, "背景下，")
    step = Mojibake().apply(damaged)
    assert step.text == damaged
    (note,) = step.notices
    assert note.text == run and "suspected garble" in note.reason
    assert "背景下，" in [c for c, _ in note.details["candidates"]]


def test_punctuation_habits_ignore_garbles_and_pinyin_notes():
    marks = punctuation_share("時(shí)間，他說?biāo)坪踉，好嗎?\n對，好。")
    # three real commas and one real question mark; "?" inside a garble and the
    # brackets of "(shí)" and "biāo)" are not punctuation
    assert marks["，"] == 0.0
    assert marks["？"] < marks["，"] and marks["（"] < marks["？"] and marks["）"] == marks["（"]


_TEXT = st.text(alphabet="中华人民共和国的是在有我们会员協會主席。，、abc1", max_size=12)


@settings(max_examples=60, deadline=None)
@given(_TEXT, st.lists(_TEXT.filter(lambda s: len(s) <= 2), max_size=4), _TEXT)
def test_logprob_each_equals_logprob(prefix, middles, suffix):
    model = get_model()
    got = model.logprob_each(prefix, middles, suffix)
    assert got == pytest.approx([model.logprob(prefix + m + suffix) for m in middles])


def test_whole_character_lost_behind_two_question_marks_is_reported():
    # 过，“ = B9FD A3AC A1B0: read from FD, "FD A3" and "AC A1" are user-defined
    # codes and B0 is left alone, so three characters show as "??"
    clean = "他轻声说：不过，“快”并不是问题。"
    damaged, run = cut_inside(clean, "过，“")
    assert run == "??"
    step = Mojibake().apply(damaged)
    assert step.text == damaged
    (note,) = step.notices
    assert damaged[note.start : note.end] == "??" and "suspected garble" in note.reason


def test_undecided_phase_slip_is_not_reread_as_another_codec():
    # 年兵敗於國 cut after C4: "§秶" inside the run also reads as Big5 (”制),
    # but it is part of the phase slip and must stay as it is, with the notice
    clean = "1928年兵敗於國民黨北伐軍，奉系軍閥退回關外。"
    damaged, run = cut_inside(clean, "年兵敗於國")
    assert run == "?瓯鴶§秶?"
    step = Mojibake().apply(damaged)
    assert step.text == damaged and not step.edits
    assert [damaged[n.start : n.end] for n in step.notices] == [run]


def test_text_riddled_with_question_marks_is_bounded_and_reported(monkeypatch):
    # every run draws on one budget for the whole text, so the work stays
    # linear; the runs it cannot afford are reported, none is guessed
    from zhclean import phaseslip

    monkeypatch.setattr(phaseslip, "MAX_SCORED_PER_RUN", 2000)
    monkeypatch.setattr(phaseslip, "MAX_SCORED_PER_CHAR", 20)
    text = "我们的国家?在发展中?人民?生活水平?不断提高?经济?社会?事业?全面进步?" * 3
    step = Mojibake().apply(text)
    assert step.text == text
    assert any("too many readings" in n.reason for n in step.notices)


def test_runs_of_question_marks_are_not_searched():
    text = "中文" + "?" * 40 + "测试，这是一段中文。"
    step = Mojibake().apply(text)
    assert step.text == text and not step.edits


def test_every_visible_pair_maps_back_to_its_bytes():
    # stream_bytes must invert pair_char, including the GB18030 codes Python's
    # gbk codec lacks (row FE: radicals and CJK Extension A, which 二 = B6FE
    # forms with the lead byte of a following Traditional character)
    from zhclean.encodings import LEADS, TRAILS, pair_char, stream_bytes

    for lead in LEADS:
        for trail in TRAILS:
            ch = pair_char(lead, trail)
            if ch:
                assert stream_bytes(ch) == bytes((lead, trail)), (hex(lead), hex(trail), ch)


@pytest.mark.parametrize(
    "clean, span, run",
    [
        # 第二個問 = B5DA B6FE 8280 8696: the shifted pair FE 82 shows as the Extension A
        # character 䝼; 80 can lead nothing, shows as ?, and 問 is read in phase again
        ("這是他們提出的第二個問題，我們要看清楚。", "第二個問", "?诙䝼?問"),
        # 件採取適 = BCFE 92F1 C8A1 DF6D: FE 92 shows as 䲣; the lone trail 6D prints as m
        ("對突發事件採取適切行動，並通報上級。", "件採取適", "?䲣袢∵m"),
    ],
)
def test_run_showing_a_row_fe_character_is_restored(clean, span, run):
    damaged, shown = cut_inside(clean, span)
    assert shown == run
    assert Mojibake().apply(damaged).text == clean


def test_one_character_run_before_an_ascii_ised_comma_is_restored():
    # 長 = E94C: cut after E9, the trail 4C prints as L; the seeds' normalisation
    # then wrote the following ，as , (so Chinese follows the run only after it)
    clean = "後來他的兒子被推舉為酋長，開創了該家族的統治。"
    damaged, shown = cut_inside(clean, "長，")
    damaged = damaged.replace("，", ",")
    assert shown == "?L，" and "酋?L,開" in damaged
    assert Mojibake().apply(damaged).text == clean.replace("，", ",")
    # with no Han character after the comma it is not a run
    assert Mojibake().apply("請查詢?L,b的說明").text == "請查詢?L,b的說明"

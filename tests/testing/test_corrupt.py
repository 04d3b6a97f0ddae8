"""Each damage mechanism reproduces, on a hand-checked example, the damage seen in the seeds.

The byte sequences in the comments were worked out from the GBK, Big5 and
UTF-8 code tables; two examples are verbatim from the seeds (004 line 1 and
001), so the generator is known to make the real damage, not a look-alike.
No test here needs ../shared: inputs are short inline excerpts.
"""

from __future__ import annotations

import regex

from zhclean.testing import (
    article_scores,
    big5_as_gbk,
    column_wrap,
    combine,
    gbk_as_latin1,
    halfwidth_punctuation,
    inline_pinyin,
    interleave_articles,
    load_corpus,
    page_furniture,
    phase_slipped_gbk,
    score,
    script_conversion,
    stray_html,
    swallowing_gbk_decode,
    unrecoverable,
    utf8_as_gbk,
)

PARAGRAPH = "漣水縣建立專業招商機制，創新組建由縣領導領銜、主要經濟部門牽頭的6個專業招商協作組。“全縣各級黨員幹部敢拼敢衝。”"
SIMPLIFIED = "习近平同卡塔尔埃米尔塔米姆举行会谈。双方要进一步对接发展战略，共同建设“一带一路”。\n塔米姆：卡塔尔对中国经济充满信心（记者杜一菲）！"


# --- the swallowing decoder (damage model, step 3) ---------------------------------


def test_decoder_swallows_the_ascii_byte_after_an_orphaned_lead():
    # A1 is a lead byte; "(" (0x28) cannot be a trail, so both become one "?"
    assert swallowing_gbk_decode(b"\xa1(shi)") == "?shi)"
    # Python's own decoder keeps the "(": that is why we write the loop ourselves
    assert b"\xa1(shi)".decode("gbk", errors="replace") == "\ufffd(shi)"


def test_decoder_lone_lead_at_end_and_private_use_dropped():
    assert swallowing_gbk_decode(b"ab\xc8") == "ab?"
    # AB BF lies in GBK user-defined area 1: it decodes to a PUA character, which the seeds lost
    assert swallowing_gbk_decode(b"\xab\xbf") == ""
    assert swallowing_gbk_decode(b"\xab\xbf", keep_private_use=True) == "\ue07c"


# --- phase-slipped GBK ------------------------------------------------------------------------


def test_phase_slip_cut_reproduces_seed_004():
    # 。“全縣 = A1A3 A1B0 C8AB BF68.  The cut leaves A1 alone ("?"); read from A3:
    # A3A1 = ！ (made ASCII), B0C8 = 叭, ABBF = user-defined (dropped), 68 = "h".
    # Seed 004 line 1 reads exactly "位?!叭h各級".
    damaged = phase_slipped_gbk("。“全縣各級", mode="cut", spans=[(0, 4)])
    assert damaged.text == "?!叭h各級"
    assert damaged.run_pairs() == [("。“全縣", "?!叭h")]


def test_phase_slip_straddle_reproduces_seed_001():
    # 臉 = C4 98, 似 = CB C6; 98 CB spells 標 (biāo), so "(biāo)" went in after CB.
    # CB + "(" -> "?" (the "(" is swallowed), then C6BA 坪, F5D4 踉, DAB8 诟, E6D4 嬖, 56 "V".
    # Seed 001 reads "的笑臉?biāo)坪踉诟嬖V我們".
    damaged = phase_slipped_gbk("臉似乎在告訴", mode="straddle", spans=[(1, 6)])
    assert damaged.text == "臉?biāo)坪踉诟嬖V"


def test_phase_slip_swallows_the_lt_of_a_closing_tag():
    # 。”</p> = A1A3 A1B1 3C ...: from A3, A3A1 = ！, then B1 + "<" is one "?": seed 001's "?!?/p>"
    assert "?" + swallowing_gbk_decode("。”</p>".encode("gbk")[1:]).replace("！", "!") == "?!?/p>"


def test_phase_slip_random_runs_start_with_a_lost_byte_and_leave_the_rest_alone():
    damaged = phase_slipped_gbk(PARAGRAPH, seed=7, rate=30, mode="cut")
    assert damaged.runs
    for clean, garbled in damaged.run_pairs():
        assert garbled.startswith("?") and clean != garbled
    # outside the runs the text is untouched
    rebuilt = damaged.text
    for r in reversed(damaged.runs):
        rebuilt = rebuilt[: r.start] + damaged.clean[r.clean_start : r.clean_end] + rebuilt[r.end :]
    assert rebuilt == PARAGRAPH
    assert phase_slipped_gbk(PARAGRAPH, seed=7, rate=30, mode="cut").text == damaged.text  # seeded


# --- other misreadings ---------------------------------------------------------------------------


def test_utf8_read_as_gbk():
    # 你 = E4 BD A0, 好 = E5 A5 BD; as GBK pairs: E4BD 浣, A0E5 犲, A5BD ソ
    assert utf8_as_gbk("你好", spans=[(0, 2)]).text == "浣犲ソ"


def test_utf8_read_as_gbk_with_a_lost_byte():
    out = utf8_as_gbk("你好", spans=[(0, 2)], lost_bytes=1, seed=3).text
    data = "你好".encode("utf-8")
    possible = {(data[:k] + data[k + 1 :]).decode("gbk", errors="replace") for k in range(len(data))}
    assert out in possible and out != "浣犲ソ"


def test_gbk_read_as_latin1_and_cp1252():
    # 中 = D6 D0, 文 = CE C4 -> Ö Ð Î Ä
    assert gbk_as_latin1("中文", spans=[(0, 2)]).text == "ÖÐÎÄ"
    # 欢迎 = BB B6 D3 AD -> "»¶Ó­" (AD is a soft hyphen), the classic "welcome" mojibake
    assert gbk_as_latin1("欢迎", spans=[(0, 2)], codec="cp1252").text == "»¶Ó\xad"


def test_big5_read_as_gbk():
    # Big5 中 = A4A4, 文 = A4E5; GBK row A4 is hiragana: A4A4 い, A4E5 ゅ
    assert big5_as_gbk("中文", spans=[(0, 2)]).text == "いゅ"
    # 臺 = BB4F, 灣 = C657 in Big5; as GBK: 籓, 芖
    assert big5_as_gbk("臺灣", spans=[(0, 2)]).text == "籓芖"


def test_unrecoverable_runs():
    # 中文 in GBK = D6 D0 CE C4: as UTF-8 every byte is an invalid start -> four U+FFFD
    assert unrecoverable("中文", spans=[(0, 2)], style="replacement").text == "\ufffd" * 4
    # saved as UTF-8 (EF BF BD x4) and read as GBK: EFBF 锟, BDEF 斤, BFBD 拷, twice
    assert unrecoverable("中文", spans=[(0, 2)], style="kunkao").text == "锟斤拷锟斤拷"


# --- pinyin, script, punctuation, HTML --------------------------------------------------------------


def test_inline_pinyin_uses_pypinyin_readings():
    assert inline_pinyin("時", table_share=1.0).text == "時(shí)"
    assert inline_pinyin("時", table_share=1.0, brackets="（）").text == "時（shí）"
    # the seeds' table is context-free (長 is always zhǎng); context=True reads 长度 as chángdù
    assert inline_pinyin("长度", table_share=1.0).text == "长(zhǎng)度(dù)"
    assert inline_pinyin("长度", table_share=1.0, context=True).text == "长(cháng)度(dù)"


def test_inline_pinyin_annotates_every_occurrence_of_a_table_character():
    damaged = inline_pinyin(SIMPLIFIED, seed=2, table_share=0.2)
    annotated = {c for c, _ in damaged.run_pairs()}
    assert annotated and all(SIMPLIFIED.count(c) == sum(1 for x, _ in damaged.run_pairs() if x == c) for c in annotated)
    assert regex.sub(r"\([a-zü\p{Mn}āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ]+\)", "", damaged.text) == SIMPLIFIED


def test_script_conversion_configs():
    # OpenCC's standard Traditional (s2t) writes 裏 着 爲 臺; Taiwan (s2tw) 裡 著 為 臺; Hong Kong (s2hk) 裏 着 為 台
    assert script_conversion("里面着为台", config="s2t").text == "裏面着爲臺"
    assert script_conversion("里面着为台", config="s2tw").text == "裡面著為臺"
    assert script_conversion("里面着为台", config="s2hk").text == "裏面着為台"
    damaged = script_conversion("头发很长", config="s2t")
    assert damaged.text == "頭髮很長" and damaged.run_pairs() == [("头发", "頭髮"), ("长", "長")]


def test_halfwidth_punctuation_as_in_the_seeds():
    # ！，：；？（）％ become ASCII; 。、“”—… are left alone (so this is not NFKC)
    damaged = halfwidth_punctuation("你好，世界！问：（完）100％？“好”、对。——……；")
    assert damaged.text == "你好,世界!问:(完)100%?“好”、对。——……;"


def test_stray_html():
    damaged = stray_html(SIMPLIFIED, seed=1, p_close=1.0, rate=5)
    lines = damaged.text.split("\n")
    assert all(line.endswith("</p>") for line in lines)
    assert "&nbsp;" in damaged.text
    assert damaged.text.replace("</p>", "").replace("&nbsp;", "") == SIMPLIFIED


# --- layout ------------------------------------------------------------------------------------


def test_column_wrap_pdf_and_ocr_styles():
    text = "一二三四五六七八九十甲乙\n短句"
    assert column_wrap(text, width=(8, 8), joiner=" ").text == "一二三四五六七八 九十甲乙\n短句"
    assert column_wrap(text, width=(5, 5), joiner="\n").text == "一二三四五\n六七八九十\n甲乙\n短句"
    for seed in range(5):
        damaged = column_wrap(PARAGRAPH, seed=seed)
        width = damaged.params["width"]
        assert 8 <= width <= 30
        assert all(len(line) <= width for line in damaged.text.split("\n"))
        assert damaged.text.replace("\n", "") == PARAGRAPH


def test_breaks_a_wrap_hides_are_left_out_of_paragraph_scores():
    # the first paragraph fills its last line (10 = 2 x 5): with wraps and paragraph
    # breaks both one newline, its end is indistinguishable from a wrap
    text = "一二三四五六七八九十\n甲乙丙丁戊己\n短句"
    damaged = column_wrap(text, width=(5, 5), joiner="\n")
    assert damaged.text == "一二三四五\n六七八九十\n甲乙丙丁戊\n己\n短句"
    assert damaged.hidden_breaks == [10]
    joined = "一二三四五六七八九十甲乙丙丁戊己\n短句"  # the best any repair can do
    scores = score(damaged, joined).summary()
    assert scores["para_recall"] == 1.0 and scores["para_precision"] == 1.0 and scores["false_repairs"] == 0
    assert scores["para_hidden"] == 1
    assert score(damaged, text).summary()["para_precision"] == 1.0  # breaking there is not counted either
    assert column_wrap(text, width=(5, 5), joiner=" ", paragraph_break="\n\n").hidden_breaks == []


def test_furniture_whose_brackets_turned_half_width_is_still_furniture():
    damaged = page_furniture(PARAGRAPH, seed=4, count=(1, 1), kinds=("credit",))
    item = damaged.furniture[0]
    half = item.replace("（", "(").replace("）", ")")
    assert score(damaged, PARAGRAPH + "\n[图] " + half).summary()["false_repairs"] == 0


def test_page_furniture_cuts_a_paragraph_mid_sentence():
    damaged = page_furniture(PARAGRAPH, seed=4, count=(1, 1))
    head, item, tail = damaged.text.split("\n\n")
    assert damaged.furniture == [item]
    assert head + tail == PARAGRAPH and head and tail
    assert regex.match(r"\p{Han}", head[-1]) and regex.match(r"\p{Han}", tail[0])  # mid-sentence


def test_interleaved_articles_record_blocks():
    first = PARAGRAPH
    second = SIMPLIFIED.replace("\n", "")
    damaged = interleave_articles([first, second], seed=5, width=(8, 10), block_lines=(1, 3))
    order = [(b.article, b.index) for b in damaged.blocks]
    assert order != sorted(order)  # scrambled
    for a, article in enumerate([first, second]):
        own = sorted((b for b in damaged.blocks if b.article == a), key=lambda b: b.index)
        assert [b.index for b in own] == list(range(len(own)))
        assert "".join(damaged.text[b.start : b.end].replace("\n", "") for b in own) == article
    perfect = article_scores(damaged, [first, second]).summary()
    assert perfect["successor_f1"] == perfect["bcubed_f1"] == perfect["kendall_tau"] == 1.0
    lumped = article_scores(damaged, [damaged.text]).summary()
    assert lumped["bcubed_f1"] < 1.0


# --- composition and scores --------------------------------------------------------------------------


def test_combined_damage_keeps_ground_truth():
    damaged = combine(SIMPLIFIED, 3, [("script_conversion", {}), ("halfwidth_punctuation", {})])
    assert damaged.clean == SIMPLIFIED and "（" not in damaged.text and "習近平" in damaged.text
    assert score(damaged, damaged.clean).summary()["restored"] == 1.0


def test_scores_tell_restored_runs_from_false_repairs():
    damaged = halfwidth_punctuation(SIMPLIFIED)
    assert score(damaged, damaged.text).summary()["restored"] == 0.0
    perfect = score(damaged, damaged.clean).summary()
    assert perfect["restored"] == 1.0 and perfect["cer_after"] == 0.0 and perfect["false_repairs"] == 0
    harmful = score(damaged, damaged.clean.replace("卡塔尔", "卡达尔")).summary()
    assert harmful["restored"] == 1.0 and harmful["false_repairs"] == 2  # 卡塔尔 occurs twice


def test_paragraph_boundary_scores():
    damaged = column_wrap(SIMPLIFIED, width=(10, 10))
    wrapped = score(damaged, damaged.text).summary()
    assert wrapped["para_recall"] == 1.0 and wrapped["para_precision"] < 0.2
    assert score(damaged, damaged.text.replace("\n", "")).summary()["para_recall"] == 0.0


def test_load_corpus_reads_a_directory(tmp_path):
    (tmp_path / "rmrb").mkdir()
    (tmp_path / "rmrb" / "a.txt").write_text("标题\n\n　　第一段。\n", encoding="utf-8")
    docs = load_corpus(tmp_path)
    assert [(d.name, d.text, d.script) for d in docs] == [("rmrb/a.txt", "标题\n第一段。", "hans")]


def test_phase_slip_cuts_before_misaligned_sentence_marks():
    # 。“ = A1 [A3 A1] B0 holds ！; 啊， = B0 [A1 A3] AC holds 。 — the only two such places here
    text = "他說。“全縣各級”。臉似乎啊，是的"
    damaged = phase_slipped_gbk(text, seed=1, mode="cut", where="sentence_marks", rate=500)
    assert {r.clean_start for r in damaged.runs} == {text.index("。“"), text.index("啊，")}
    assert all(garbled.startswith("?") for _, garbled in damaged.run_pairs())


def test_notices_count_as_flags_or_false_alarms():
    damaged = unrecoverable("今天天气很好，我们去公园。", spans=[(2, 4)], style="kunkao")
    run = damaged.runs[0]
    scores = score(damaged, damaged.text, notices=[(run.start, run.end), (0, 1)]).summary()
    assert scores["flagged"] == 1.0 and scores["false_alarms"] == 1 and scores["restored"] == 0.0


def test_every_recipe_damages_and_keeps_consistent_ground_truth():
    from zhclean.testing import RECIPES, Document, damage_corpus

    docs = [
        Document("hans.txt", SIMPLIFIED + "\n" + SIMPLIFIED.replace("习近平", "他"), "hans"),
        Document("hant.txt", PARAGRAPH + "\n" + PARAGRAPH[::-1], "hant"),
    ]
    for recipe in RECIPES:
        got = list(damage_corpus(docs, recipe, seed=11))
        assert got, recipe
        for name, damaged in got:
            assert damaged.text != damaged.clean and damaged.runs, (recipe, name)
            perfect = score(damaged, damaged.clean).summary()
            assert perfect["restored"] == 1.0 and perfect["false_repairs"] == 0 and perfect["cer_after"] == 0.0, recipe
            assert score(damaged, damaged.text).summary()["restored"] < 1.0, recipe
            assert list(damage_corpus([d for d in docs if d.name == name], recipe, seed=11))[0][1].text == damaged.text


def test_furniture_set_apart_and_labelled_by_a_repair_is_not_an_error():
    damaged = page_furniture(PARAGRAPH, seed=4, count=(1, 1))
    item = damaged.furniture[0]
    repaired = PARAGRAPH + "\n[图] " + item
    scores = score(damaged, repaired).summary()
    assert scores["restored"] == 1.0 and scores["false_repairs"] == 0 and scores["cer_after"] == 0.0


def test_alignment_is_a_minimal_edit_script():
    from zhclean.testing import edit_distance
    from zhclean.testing.align import align

    clean = "第一段文字。\n第二段，有逗号。\n第三段"
    out = "第一段文宇。\n第二段,有逗号。\n\n第三段(dì)"
    ops = align(clean, out)
    assert "".join(out[j1:j2] if tag != "equal" else clean[i1:i2] for tag, i1, i2, j1, j2 in ops) == out
    assert edit_distance(clean, out) == 1 + 1 + 1 + 4  # 字->宇, ，->, an extra \n, "(dì)"


def test_a_leftover_reading_counts_against_its_own_character_only():
    damaged = inline_pinyin("時間", table_share=1.0)
    assert damaged.text == "時(shí)間(jiān)"
    half_done = score(damaged, "時(shí)間").summary()
    assert half_done["runs"] == 2 and half_done["restored"] == 0.5

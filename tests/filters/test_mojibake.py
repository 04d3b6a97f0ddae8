"""The mojibake filter: seeds 001/004 restored run by run, other codec mix-ups,
unrecoverable damage, and clean text left alone.

Expected repairs come from fixtures/mojibake/seed_runs.tsv, where every row
was checked by hand in context *and* is re-damaged here byte by byte.
"""

from __future__ import annotations

import pathlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zhclean import fix_text
from zhclean.encodings import stream_bytes, swallowing_gbk_decode
from zhclean.filters.mojibake import MARK, Mojibake

FIXTURES = pathlib.Path(__file__).resolve().parents[2] / "fixtures"
SEEDS = {p.name[:3]: p for p in (FIXTURES / "seeds").glob("*.txt")}
ASCIIISE = str.maketrans("！，：；？（）％", "!,:;?()%")


def seed_rows() -> list[dict[str, str]]:
    lines = (FIXTURES / "mojibake" / "seed_runs.tsv").read_text(encoding="utf-8").splitlines()
    lines = [ln for ln in lines if not ln.startswith("#")]
    keys = lines[0].split("\t")
    return [dict(zip(keys, ln.split("\t"))) for ln in lines[1:] if ln.strip()]


ROWS = seed_rows()


def seed(name: str) -> str:
    return SEEDS[name].read_text(encoding="utf-8")


@pytest.mark.parametrize("row", ROWS, ids=lambda r: f"{r['seed']}:{r['line']}:{r['damaged']}")
def test_seed_reading_reproduces_the_damage_byte_for_byte(row):
    before = stream_bytes(row["before"])
    raw = before + row["restored"].encode("gbk")
    cut = len(before) + 1  # just after the lead byte of the first restored character
    if row["mechanism"] == "annotation":
        inserted = raw[:cut] + b"(" + row["reading"].encode("gbk") + b")" + raw[cut:]
        damaged = swallowing_gbk_decode(inserted)
    else:
        damaged = swallowing_gbk_decode(raw[:cut]) + swallowing_gbk_decode(raw[cut:])
    assert damaged.translate(ASCIIISE) == row["before"].translate(ASCIIISE) + row["damaged"]


@pytest.mark.parametrize("name", ["001", "004"])
def test_every_seed_run_is_restored_and_nothing_else_changes(name):
    text = seed(name)
    step = Mojibake().apply(text)
    rows = [r for r in ROWS if r["seed"] == name]
    assert len(step.edits) == len(rows)
    out_lines = step.text.split("\n")
    for r in rows:
        line = out_lines[int(r["line"]) - 1]
        assert r["before"] + r["restored"] in line, r
    # outside the runs the text is untouched
    expected = text
    for r in rows:
        expected = expected.replace(r["before"] + r["damaged"], r["before"] + r["restored"], 1)
    assert step.text == expected


def test_edits_name_the_mechanism_and_a_confidence():
    step = Mojibake().apply(seed("001"))
    for e in step.edits:
        assert "GBK read one byte out of phase" in e.reason and "lost" in e.reason
        assert 0.5 < e.confidence <= 1.0


def test_undecidable_byline_name_is_reported_not_guessed():
    text = seed("004")
    step = Mojibake().apply(text)
    byline = text.split("\n")[8]
    assert byline.startswith("?。ǘ嗼i")
    assert step.text.split("\n")[8] == byline
    notes = [n for n in step.notices if n.text.startswith("?。ǘ嗼i")]
    assert notes and "suspected garble" in notes[0].reason and notes[0].details["candidates"]


def test_run_over_the_scoring_budget_is_reported_and_left_alone(monkeypatch):
    # the same seed runs that are restored above, with a budget too small to score them
    from zhclean import phaseslip

    monkeypatch.setattr(phaseslip, "MAX_SCORED_PER_RUN", 10)
    text = seed("001")
    step = Mojibake().apply(text)
    assert step.text == text
    rows = [r for r in ROWS if r["seed"] == "001"]
    undecided = [n for n in step.notices if "too many readings" in n.reason]
    assert len(undecided) >= len(rows)
    assert all(n.text.startswith("?") and text[n.start : n.end] == n.text for n in undecided)


def test_genuine_question_mark_is_kept():
    line = seed("001").split("\n")[1]
    assert line.endswith("“問(wèn)題窩”?")
    assert Mojibake().apply(line).text == line


@pytest.mark.parametrize("name", ["000", "002", "003"])
def test_seeds_without_mojibake_are_unchanged(name):
    text = seed(name)
    assert Mojibake().apply(text).text == text


def test_repair_is_idempotent():
    once = Mojibake().apply(seed("004")).text
    assert Mojibake().apply(once).text == once


def splice(clean: str, start: int, end: int, shown: str, really: str) -> str:
    return clean[:start] + clean[start:end].encode(really).decode(shown) + clean[end:]


@pytest.mark.parametrize(
    "clean, start, end, shown, really, reason",
    [
        ("国家主席习近平同卡塔尔埃米尔举行会谈。", 4, 8, "gbk", "utf-8", "UTF-8 read as GBK"),
        ("双方要进一步对接发展战略，共同建设“一带一路”。", 8, 14, "gbk", "utf-8", "UTF-8 read as GBK"),
        ("现存最古老的梵语文法是波你尼的著作。", 2, 6, "latin-1", "gbk", "GBK read as Latin-1"),
        ("在此期間，這門語言的威望、它的神聖用途及其正確發音的重要性。", 17, 22, "gbk", "big5", "Big5 read as GBK"),
    ],
)
def test_codec_mixups_are_re_decoded(clean, start, end, shown, really, reason):
    damaged = splice(clean, start, end, shown, really)
    assert damaged != clean
    step = Mojibake().apply(damaged)
    assert step.text == clean
    assert [e.reason for e in step.edits] == [reason]


def test_gbk_read_as_latin1_is_not_handed_to_ftfy():
    # ftfy would make this worse; the GBK reading is 中文
    assert Mojibake().apply("这是ÖÐÎÄ的文本").text == "这是中文的文本"


def test_western_mojibake_goes_to_ftfy_fix_encoding_only():
    assert Mojibake().apply("他在cafÃ© 喝咖啡").text == "他在café 喝咖啡"
    chinese = "他说：“你好，（世界）！”"
    assert Mojibake().apply(chinese).text == chinese


@pytest.mark.parametrize("option, after", [("keep", "锟斤拷锟斤拷"), ("remove", ""), ("mark", MARK)])
def test_unrecoverable_runs_are_reported_and_handled_as_asked(option, after):
    text = "文件名是锟斤拷锟斤拷的文本"
    step = Mojibake(unrecoverable=option).apply(text)
    assert step.text == "文件名是" + after + "的文本"
    assert [(n.start, n.end) for n in step.notices] == [(4, 10)]
    assert "unrecoverable" in step.notices[0].reason


def test_replacement_character_and_tangtang_are_reported():
    step = Mojibake().apply("第一\ufffd\ufffd段\n烫烫烫烫烫")
    assert [n.text for n in step.notices] == ["\ufffd\ufffd", "烫烫烫烫烫"]
    assert step.text == "第一\ufffd\ufffd段\n烫烫烫烫烫"


def test_unknown_option_value_is_an_error():
    with pytest.raises(ValueError):
        Mojibake(unrecoverable="drop")


@pytest.mark.parametrize(
    "clean",
    [
        "本报北京1月31日电 （记者杜一菲）国家主席习近平同卡塔尔埃米尔塔米姆举行会谈。",
        "访问 https://example.com/a?id=3&b=4 查看详情。你好吗?我很好!",
        "他问：“真的吗？”她说：“是的！”",
        "××公司与谢璟玙签约，温度为25°C，面积约5×6米。",
        "東京（とうきょう）是日本的首都。",
        "維基媒體最著名的使用案例是維基百科。",
    ],
)
def test_clean_text_is_never_changed(clean):
    step = Mojibake().apply(clean)
    assert step.text == clean and not step.edits


_COMMON = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严龙飞"


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=_COMMON + "，。、“”：；！？（）0123456789 \n", min_size=1, max_size=80))
def test_text_of_common_characters_passes_through(text):
    step = Mojibake().apply(text)
    assert step.text == text


def test_ftfy_may_not_put_korean_into_a_chinese_line():
    # “” are bytes 93/94 in Windows-1252, so ftfy.fix_encoding alone turns
    # 'shí”“' into 'sh픓'; in a Chinese line that is a false repair.
    text = "记者说shí”“好的"
    assert fix_text(text, steps=["mojibake"]) == text


def test_badness_gate_never_hides_a_line_ftfy_finds_bad():
    # the gate may only skip pieces on which ftfy's own is_bad is False
    import json

    from ftfy.badness import is_bad

    from zhclean.filters.mojibake import _badness_needs, _may_be_bad

    cases = json.loads((FIXTURES.parent / "tests" / "peer" / "ftfy" / "ftfy_test_cases.json").read_text(encoding="utf-8"))
    bad = [c["original"] for c in cases if is_bad(c["original"])]
    assert _badness_needs() is not None and len(bad) > 50
    assert all(_may_be_bad(s) for s in bad)
    assert not _may_be_bad("人民日报\xa0记者\xa0张三")  # a no-break space alone does not call ftfy


def multi_splice(clean: str, spans: list[tuple[int, int]], shown: str, really: str) -> str:
    for start, end in sorted(spans, reverse=True):
        clean = splice(clean, start, end, shown, really)
    return clean


@pytest.mark.parametrize(
    "clean, spans, shown, really",
    [
        # Big5 lead bytes A4-A9 show in GBK as kana, units and box drawing:
        # 俄國和日本 -> 玐瓣㎝らセ (和 = A94D = ㎝, 日本 = A4E9 A5BB = らセ), 所熟 -> ┮剪
        ("此後更因為俄國和日本對這一地區的爭奪而為世界所熟知。", [(5, 10), (22, 24)], "gbk", "big5"),
        # 動周期 -> 笆㏄戳 (周 = A950 = ㏄)
        ("以人類為例：一個心動周期以兩心房的收縮開始。", [(9, 12)], "gbk", "big5"),
        # GBK lead bytes 81-9F show in Windows-1252 as „ƒŒž… or C1 controls (9D)
        ("依賴汽車的交通規劃策略。公共汽車由於與其他汽車共用路面。", [(6, 17)], "sloppy-windows-1252", "gbk"),
        # a run of symbols and trail-byte letters only: 發現 -> °l¬F
        ("考古學家在仰韶文化中發現的茶樹。", [(10, 12)], "latin-1", "gbk"),
        # one character between Han characters and digits: 了 -> ÁË
        ("经济增长依然领先，提高了0.6个百分点。", [(11, 12)], "latin-1", "gbk"),
        # 贫 = C6B6 = Æ¶ is also the UTF-8 of ƶ; alone between Han characters the GBK word wins
        ("旅游开发助力脱贫，随着炎帝陵景区建设。", [(6, 7)], "latin-1", "gbk"),
        # the closing quote and APP after the run are text: ”A (94 41) would read 擜
        ("“智慧阜南”APP集成了办事大厅。", [(3, 5)], "latin-1", "gbk"),
        # a UTF-8 run that starts with a two-byte sequence (·)
        ("驻华大使欧内斯特·恩多马希纳在接受本报记者采访时说。", [(7, 14)], "gbk", "utf-8"),
        # 寻 (D1B0) after the run looks like a UTF-8 sequence, and must not hide it
        ("扎根现实，着力用影像表现和探寻生活的本质。", [(6, 14), (15, 19)], "gbk", "utf-8"),
    ],
)
def test_runs_with_symbol_row_and_control_bytes_are_restored(clean, spans, shown, really):
    import ftfy.bad_codecs  # noqa: F401  (registers sloppy-windows-1252)

    damaged = multi_splice(clean, spans, shown, really)
    assert damaged != clean
    assert Mojibake().apply(damaged).text == clean


def test_big5_run_of_clustered_odd_characters_is_restored_without_words():
    # 而隊中 is Big5 A6D3 B6A4 A4A4, shown by GBK as τ钉い: three odd characters
    # side by side (Greek, a rare character, kana) whose reading the word model
    # does not cover (而隊中 is no word), but gains 0.75 x min_gain per character
    damaged = "被球迷戲稱為亞軍廷。τ钉い主力之一梅西與馬斯切拉諾。"
    assert "而隊中".encode("big5").decode("gbk") == "τ钉い"
    assert Mojibake().apply(damaged).text == "被球迷戲稱為亞軍廷。而隊中主力之一梅西與馬斯切拉諾。"


def test_a_document_shown_to_hold_big5_runs_has_its_weaker_ones_repaired_too():
    # 俄國和日本 (玐瓣㎝らセ) proves the document holds Big5 read as GBK; 被稱
    # (B351 BAD9, shown 砆嘿: two rare characters, the first known to the
    # dictionary) is then read as well
    damaged = "玐瓣㎝らセ的報紙說，昆明是雲南省的省會城市，砆嘿為雲南十八怪之一。"
    assert "被稱".encode("big5").decode("gbk") == "砆嘿"
    step = Mojibake().apply(damaged)
    assert step.text == "俄國和日本的報紙說，昆明是雲南省的省會城市，被稱為雲南十八怪之一。"
    assert [(e.before, e.after) for e in step.edits] == [("玐瓣㎝らセ", "俄國和日本"), ("砆嘿", "被稱")]


def test_a_big5_run_takes_in_odd_neighbours():
    # 部分非裔 is Big5 B3A1 A4C0 AB44 B8C7, shown by GBK as 场だ獶盖; 盖 (裔) is
    # a Simplified-only character, odd in Traditional text but not to the
    # model, which scores Simplified: beside the run it is read too
    damaged = "許多非洲人。场だ獶盖美國人認為，稱他們為"
    assert "部分非裔".encode("big5").decode("gbk") == "场だ獶盖"
    assert Mojibake().apply(damaged).text == "許多非洲人。部分非裔美國人認為，稱他們為"


def test_a_big5_run_of_common_characters_is_found_in_a_document_with_big5_runs():
    # 稱號 is Big5 BAD9 B8B9, shown by GBK as 嘿腹: two common characters, no
    # seed; 稱號 is a word, 嘿腹 none.  Once 俄國和日本 (玐瓣㎝らセ) shows the
    # document holds Big5 read as GBK, it is read; alone it is left as it is
    assert "稱號".encode("big5").decode("gbk") == "嘿腹"
    step = Mojibake().apply("玐瓣㎝らセ的衛星等諸如此類的嘿腹。這些名稱要")
    assert step.text == "俄國和日本的衛星等諸如此類的稱號。這些名稱要"
    alone = "俄國和日本的衛星等諸如此類的嘿腹。這些名稱要"
    assert Mojibake().apply(alone).text == alone


@pytest.mark.parametrize(
    "damaged, clean",
    [
        # 紹興 = Big5 B2D0 BFB3, shown 残砍; 管轄 = BADE C1D2, shown 恨烈: words, but
        # gaining less than 1.5 x min_gain, read only beside a proven Big5 run
        ("玐瓣㎝らセ的兵權，未得允許。残砍十一年右諫議大夫上書。", "俄國和日本的兵權，未得允許。紹興十一年右諫議大夫上書。"),
        ("玐瓣㎝らセ的報紙說，為此行政長官公署恨烈。後來又加入。", "俄國和日本的報紙說，為此行政長官公署管轄。後來又加入。"),
    ],
)
def test_weak_big5_words_are_read_in_a_document_with_big5_runs(damaged, clean):
    assert "紹興".encode("big5").decode("gbk") == "残砍" and "管轄".encode("big5").decode("gbk") == "恨烈"
    assert Mojibake().apply(damaged).text == clean


def test_the_second_pass_does_not_take_a_neighbour_to_make_a_reading_convince():
    # 供船行 (Big5 A8D1 B2EE A6E6) shows as ㄑ差︽.  Its reading alone makes no
    # word; with the 的 after it read too (的 = GBK B5C4, Big5 腔) the model finds
    # 行腔, a word, but 的 was never damaged: the run is left as it is
    damaged = "玐瓣㎝らセ的報紙說，這個城市亦名「小威尼斯」，市內並無可ㄑ差︽的河道，亦無航運。"
    assert "供船行".encode("big5").decode("gbk") == "ㄑ差︽" and "的".encode("gbk").decode("big5") == "腔"
    step = Mojibake().apply(damaged)
    assert [(e.before, e.after) for e in step.edits] == [("玐瓣㎝らセ", "俄國和日本")]


def test_a_big5_run_does_not_grow_over_a_character_the_document_writes_elsewhere():
    # 灤河流域駐 (Big5 C665 AA65 AC79 B0EC BE6E) shows as 芿猠瑈办緉; the 牧
    # after it is text, but its GBK bytes read 鐘 in Big5 and the model likes
    # 駐鐘 a little better.  The document writes 牧 elsewhere (遊牧): it is its own
    damaged = "兀良哈三衛以遊牧為生。其後又率部南下，進入芿猠瑈办緉牧。1428年，"
    assert "灤河流域駐".encode("big5").decode("gbk") == "芿猠瑈办緉" and "牧".encode("gbk").decode("big5") == "鐘"
    assert Mojibake().apply(damaged).text == "兀良哈三衛以遊牧為生。其後又率部南下，進入灤河流域駐牧。1428年，"


@pytest.mark.parametrize(
    "rest",
    [
        # rare characters of place names: 勐籠 reads 衕蓋, words to the model,
        # but the document writes 勐 elsewhere too
        "勐養、勐籠、勐旺是西雙版納的地名，勦滅一詞。",
        "這份文件───在當時是適用的。",  # a dash: 岸岸岸 in Big5
    ],
)
def test_clean_text_beside_a_big5_run_stays(rest):
    # the second pass is less wary, but text around a real run is still text
    assert Mojibake().apply("玐瓣㎝らセ的報紙說，" + rest).text == "俄國和日本的報紙說，" + rest


@pytest.mark.parametrize(
    "clean",
    [
        "這份文件───在當時是適用的。",  # box drawing used as a dash reads 岸岸岸 in Big5: no repair
        "他說：“真的嗎……”——她沒有回答。",  # punctuation runs that Windows-1252 also shows
        "從臺北到高雄約三百五十公里，車程四小時。",  # 里 is Traditional too
        "拼音 yáng 與 lǜ 都帶聲調。",
        "奥托·冯·俾斯麦是普鲁士首相。",
        # words in the alphabets GBK shows for Big5's common rows are words, not bytes
        "普京（Путин）在莫斯科发表讲话。",
        "俄語Да和Нет是是與否。",
        "はい在日语里是“是”的意思。",
        "日本語の文章です。東京は大きい都市です。",
        "注音符號ㄅㄆㄇㄈ是臺灣的拼音工具。",
        "他用注音ㄓㄨˋ ㄧㄣ拼寫。",
        # accented words and letters in Chinese lines
        "他说“Olá”意思是你好。",  # á” is E1 94, 釘 in GBK
        "他说：ÀÁ的发音。",  # ÀÁ is C0 C1, 擱 in Big5: a rare character needs a word
        "冰岛歌手Björk来华演出。",
    ],
)
def test_dashes_punctuation_and_pinyin_are_not_bytes(clean):
    assert Mojibake().apply(clean).text == clean


def test_a_lone_western_letter_without_a_chinese_word_stays_ftfys():
    # Ã© is é in UTF-8 and 茅 in GBK; 馆茅 makes no word, so ftfy's reading stands
    assert Mojibake().apply("咖啡馆Ã©的").text == "咖啡馆é的"


def test_taken_spans_answer_like_a_scan_of_all_of_them():
    # the filter's record of repaired spans answers "is this span free?" by bisection;
    # it must agree with checking every span, whatever their lengths and order
    import random

    from zhclean.filters.mojibake import _Spans

    rng = random.Random(4)
    for _ in range(200):
        spans, taken = [], _Spans()
        for _ in range(rng.randint(0, 12)):
            a = rng.randint(0, 60)
            b = a + rng.randint(1, 15)
            spans.append((a, b))
            taken.add(a, b)
        s = rng.randint(0, 70)
        e = s + rng.randint(1, 10)
        brute = [(a, b) for a, b in sorted(spans) if a < e and b > s]
        assert sorted(taken.overlapping(s, e)) == brute
        assert taken.free(s, e) == (not brute)

"""The article splitter: nothing lost, single articles untouched, interleaved articles separated."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import regex
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import zhclean
from zhclean.articles import split_document

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
SEEDS = FIXTURES / "seeds"


def seed(prefix: str) -> str:
    (path,) = SEEDS.glob(prefix + "_*.txt")
    return path.read_text(encoding="utf-8")


def placed_offsets(text: str) -> list[int]:
    """Offsets of every character the split placed (articles and unplaced), checking each fragment's text."""
    result = split_document(text)
    offsets = []
    for frag in [f for a in result.articles for f in a.fragments] + result.unplaced:
        assert text[frag.start : frag.end] == frag.text
        offsets.extend(range(frag.start, frag.end))
    return offsets


def nonspace_offsets(text: str) -> set[int]:
    return {k for k, ch in enumerate(text) if not ch.isspace()}


# -- nothing is lost or duplicated ----------------------------------------------

_CHARS = st.sampled_from(list("河长制推动治理水平今年以来全面提升。，、,:()（）“”\"ABC123 \u3000") + ["\n", "\n\n"])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_CHARS, max_size=160).map("".join))
def test_every_nonspace_character_is_placed_exactly_once(text):
    offsets = placed_offsets(text)
    assert len(offsets) == len(set(offsets))
    assert nonspace_offsets(text) <= set(offsets)


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_seeds_lose_nothing(prefix):
    text = seed(prefix)
    offsets = placed_offsets(text)
    assert len(offsets) == len(set(offsets))
    assert nonspace_offsets(text) <= set(offsets)


# -- single articles come out whole and in order ------------------------------------


@pytest.mark.parametrize("prefix", ["000", "001", "003", "004"])
def test_single_article_seeds_are_one_article_in_file_order(prefix):
    articles = zhclean.split_articles(seed(prefix))
    assert len(articles) == 1
    starts = [f.start for f in articles[0].fragments]
    assert starts == sorted(starts)


def test_clean_article_paragraph_per_line_is_unchanged():
    text = (
        "县里启动河道清淤工程\n"
        "本报讯 今年以来，县里把河道清淤列为民生实事，先后投入资金三千余万元，完成清淤河道四十二公里，沿岸村庄的排涝能力明显提升。\n"
        "县水利局负责人介绍，工程采用分段施工、分段验收的办法，每一段完工后都请沿岸群众代表参与评议，群众满意后再进入下一段。\n"
    )
    (article,) = zhclean.split_articles(text)
    assert article.headline == "县里启动河道清淤工程"
    assert article.text == text.strip()


def _wrap(text: str, width: int) -> list[str]:
    return [text[k : k + width] for k in range(0, len(text), width)]


RIVER = (
    "今年以来，县里把河道清淤列为民生实事，先后投入资金三千余万元，完成清淤河道四十二公里，"
    "沿岸村庄的排涝能力明显提升。县水利局负责人介绍，工程采用分段施工、分段验收的办法，"
    "每一段完工后都请沿岸群众代表参与评议，群众满意后再进入下一段。"
)
LIBRARY = (
    "市图书馆新馆昨天正式向读者开放，馆内藏书一百二十万册，设有少儿阅读区、古籍阅览室和数字体验区。"
    "开馆当天，不少家长带着孩子前来借书，少儿阅读区的座位很快坐满。图书馆馆长表示，新馆将延长开放时间，"
    "周末和节假日照常开放，方便上班族和学生读者。"
)


def test_column_wrapped_single_article_stays_in_order():
    lines = _wrap(RIVER, 12)
    (article,) = zhclean.split_articles("\n".join(lines))
    assert [f.text for f in article.fragments] == lines


def test_single_article_printed_as_packed_paragraphs_stays_whole():
    # Seed 002's extraction style: one paragraph per line, a space at each printed line break.
    paragraphs = [" ".join(_wrap(p, 15)) for p in (RIVER, LIBRARY)]
    text = "县里启动河道清淤工程\n\n" + "\n\n".join(paragraphs)
    (article,) = zhclean.split_articles(text)
    starts = [f.start for f in article.fragments]
    assert starts == sorted(starts)


def test_two_interleaved_articles_are_separated_and_ordered():
    river, library = _wrap(RIVER, 11), _wrap(LIBRARY, 17)
    # Column blocks of four lines, read back alternately, a blank line between blocks.
    blocks = []
    for k in range(0, max(len(river), len(library)), 4):
        for column in (river, library):
            if column[k : k + 4]:
                blocks.append(column[k : k + 4])
    text = "\n\n".join("\n".join(b) for b in blocks)
    articles = zhclean.split_articles(text)
    assert len(articles) == 2
    assert ["".join(f.text for f in a.fragments) for a in articles] == [RIVER, LIBRARY]


# -- seed 002 against the hand-made gold ----------------------------------------------


@pytest.fixture(scope="module")
def seed002():
    text = seed("002")
    return text, split_document(text)


def _fragment_at(result, line: int, text: str):
    for k, article in enumerate(result.articles):
        for pos, f in enumerate(article.fragments):
            if f.line == line - 1 and f.text == text:
                return k, pos
    raise AssertionError(f"no fragment {text!r} on line {line}")


@pytest.mark.parametrize(
    "first, second",
    [
        # Each pair was read off the page by hand (fixtures/articles/seed002_gold.json):
        # a word or number runs across the join, so the second piece must follow the first.
        ((35, "新驱动,厚植创新创业沃土,平台好,服"), (37, "务好,配套机制完善,是创业的好地方。")),
        ((249, "矛盾纠纷小事不出村,大事不出镇,矛"), (245, "盾不上交的社会治理新格局。")),
        ((253, "旅馆、出租房屋、网吧等重点场所、重"), (253, "点单位、重点部位开展全面清查,严厉")),
        # Next paragraph of the same article in the file, though it names other things
        # (A: 39 -> 41 -> 43; I: 209 -> 211).
        ((39, "初创组第一名。"), (41, "此外,该区出台薪酬管理办法,建")),
        ((41, "的正向激励。"), (43, "立足长株潭一体化区域优势,该区")),
        ((209, "工程办好、办实、办到群众心坎上。"), (211, "从严执纪强问责。严肃查处乡村")),
        # A paragraph's first line printed after its own continuation, or a line read
        # out of its place, is moved back where a word runs across the join
        # (岁末年初, 警车, 公开, 集中, 联合).
        ((271, "自省、市安委会安排部署岁末年"), (265, "初安全生产百日大会战以来,永州市")),
        ((155, "本次行动共出动警力1034人、警"), (147, "车70余辆,清查娱乐场所、网吧、宾")),
        ((197, "日常督查促公"), (195, "开。区纪委监委对")),
        ((89, "祁阳市公安局成立领导小组,集"), (79, "中局机关及城区四所警力分成7个集")),
        ((221, "用于传销活动的部分现金。之后还联"), (227, "合公安机关查处\"钜富金融\"\"苏州微")),
    ],
)
def test_seed002_joins_read_by_hand(seed002, first, second):
    _, result = seed002
    a1, p1 = _fragment_at(result, *first)
    a2, p2 = _fragment_at(result, *second)
    assert (a2, p2) == (a1, p1 + 1)


def test_seed002_successor_links_against_gold(seed002):
    """Most successor links of the hand-made reading order are found (file order alone gets ~80%)."""
    import re

    text, result = seed002
    gold = json.loads((FIXTURES / "articles" / "seed002_gold.json").read_text(encoding="utf-8"))
    lines = text.split("\n")
    offsets, pos = [], 0
    for line in lines:
        offsets.append(pos)
        pos += len(line) + 1

    def units(ref: str) -> list[int]:
        line_s, _, seg = ref.partition(".")
        n = int(line_s)
        spans = [m.start() for m in re.finditer(r"\S+", lines[n - 1])]
        a, _, b = seg.partition("-") if seg else ("1", "", str(len(spans)))
        return [offsets[n - 1] + spans[k - 1] for k in range(int(a), int(b or a) + 1)]

    position = {}
    k = 0
    for article in result.articles:
        for f in article.fragments:
            for start in range(f.start, f.end):
                position[start] = (id(article), k)
            k += 1
    gold_links = []
    for art in gold["articles"]:
        seq = [u for ref in art["body"] for u in units(ref)]
        gold_links.extend(zip(seq, seq[1:]))
    found = 0
    for a, b in gold_links:
        (art_a, pa), (art_b, pb) = position[a], position[b]
        found += art_a == art_b and pb in (pa, pa + 1)
    assert found / len(gold_links) >= 0.88


def test_number_broken_by_the_wrap_is_join_evidence():
    # '全县3' / '8个村' reads '全县38个村': no dictionary word crosses the join,
    # but two digit runs never stand side by side in Chinese text.
    from zhclean.articles.fragments import fragment_text
    from zhclean.articles.links import LinkScorer

    frags = fragment_text("今年以来全县3\n建设进展顺利\n8个村完成改造")
    nodes = [f.index for f in frags]
    scorer = LinkScorer(frags, nodes, {n: k for k, n in enumerate(nodes)})
    assert scorer.lm_gain(0, 2) >= 3.0
    assert scorer.lm_gain(0, 1) < 3.0


# -- pages wrapped at an exact width (the benchmark generator's layout) ----------------

HARBOUR = (
    "港口集团今年新开通三条国际航线，货物吞吐量比去年同期增长一成以上。"
    "集团负责人说，新航线直达东南亚的主要港口，企业的运输时间缩短了两天。\n"
    "为了方便企业办理手续，港口设立了一站式服务窗口，报关、查验和放行都在一个大厅完成。"
)


def test_exact_width_page_is_grouped_by_column_width():
    # Three articles, each wrapped at its own width, cut into blocks of three
    # lines and read back round-robin, a blank line between blocks - the
    # layout of zhclean.testing.interleave_articles.  The column width alone
    # tells the blocks apart; nothing may be lost or reordered.
    columns = [_wrap(RIVER, 11), _wrap(LIBRARY, 17), [ln for p in HARBOUR.split("\n") for ln in _wrap(p, 14)]]
    blocks = []
    for k in range(0, max(map(len, columns)), 3):
        blocks.extend(c[k : k + 3] for c in columns if c[k : k + 3])
    text = "\n\n".join("\n".join(b) for b in blocks)
    articles = zhclean.split_articles(text)
    assert ["".join(f.text for f in a.fragments) for a in articles] == [RIVER, LIBRARY, HARBOUR.replace("\n", "")]


def test_exact_width_page_undoes_a_swap_of_two_blocks_of_one_article():
    # The library article's blocks 1 and 2 were read in the wrong order.  The
    # true joins read on: ``…设有少儿阅`` / ``读区`` (阅读), and ``…前来借书`` /
    # ``，少儿…`` (a comma cannot start a block that follows a sentence end).
    river, library = _wrap(RIVER, 11), _wrap(LIBRARY, 16)
    lib_blocks = [library[k : k + 2] for k in range(0, len(library), 2)]
    assert lib_blocks[0][-1].endswith("少儿阅") and lib_blocks[1][0].startswith("读区")
    assert lib_blocks[1][-1].endswith("借书") and lib_blocks[2][0].startswith("，")
    lib_blocks[1], lib_blocks[2] = lib_blocks[2], lib_blocks[1]
    blocks = [river[:4], *lib_blocks[:3], river[4:8], lib_blocks[3], river[8:]]
    text = "\n\n".join("\n".join(b) for b in blocks if b)
    articles = zhclean.split_articles(text)
    assert ["".join(f.text for f in a.fragments) for a in articles] == [RIVER, LIBRARY]


def test_exact_blocks_reads_each_blocks_column_width_and_refuses_ragged_pages():
    from zhclean.articles.columns import exact_blocks
    from zhclean.articles.fragments import fragment_text

    def blocks_of(text):
        frags = fragment_text(text)
        ids = [f.index for f in frags]
        return exact_blocks(frags, ids, set(ids), text.split("\n"))

    river, library = _wrap(RIVER, 11), _wrap(LIBRARY, 17)
    text = "\n\n".join("\n".join(b) for b in (river[:4], library[:3], river[4:8]))
    assert [(b.width, b.sure) for b in blocks_of(text)] == [(11, True), (17, True), (11, True)]
    # The same text broken wherever a clause ends: no common width, not an exactly wrapped page.
    ragged = "\n\n".join("\n".join(p for p in regex.split(r"(?<=，)", part) if p) for part in (RIVER, LIBRARY))
    assert blocks_of(ragged) is None


def test_an_article_that_breaks_off_at_a_full_line_claims_the_block_after_it():
    # A block too short to show its column width ('一段。') is placed by
    # evidence; one piece of it is layout: the river article's last block ends
    # in a full 16-character line that does not end a sentence (``…再进入下``),
    # so its text must go on, while the library article's last line ends its
    # sentence and the harbour article has text after the short block.
    from zhclean.articles.columns import _DANGLING, _ending, exact_blocks
    from zhclean.articles.fragments import fragment_text

    river, library = _wrap(RIVER, 16), _wrap(LIBRARY, 17)
    assert river[6].endswith("再进入下") and len(river[6]) == 16 and river[7] == "一段。"
    assert library[-1].endswith("读者。")
    harbour = _wrap(HARBOUR.replace("\n", ""), 14)
    pieces = [river[:3], library[:4], river[3:7], library[4:], harbour[:3], river[7:], harbour[3:6]]
    text = "\n\n".join("\n".join(b) for b in pieces)
    frags = fragment_text(text)
    ids = [f.index for f in frags]
    blocks = exact_blocks(frags, ids, set(ids), text.split("\n"))
    assert [b.width for b in blocks] == [16, 17, 16, 17, 14, 3, 14]
    assert not blocks[5].sure
    texts = ["".join(frags[n].text for n in b.body) for b in blocks]
    assert _ending(5, [0, 2], blocks, texts) == _DANGLING
    assert _ending(5, [1, 3], blocks, texts) == 0.0
    assert _ending(5, [4, 6], blocks, texts) == 0.0


def test_topic_bigrams_that_straddle_two_words_count_little():
    # '来的' (…带来的…) is no word and holds '的', one of the commonest words:
    # any two articles share it.  '谢兰' (a name, no dictionary word either,
    # made of rare characters) is what tells one article from another.  Both
    # appear on two of the four lines, so both have idf log(1 + 4/2).
    import math

    from zhclean.articles.topic import TopicModel

    lines = ["谢兰说，带来的变化很大", "谢兰看到了新来的邻居", "天气晴朗", "河水很清"]
    weight = TopicModel(lines).weight
    assert weight["谢兰"] == pytest.approx(math.log(3))
    assert weight["来的"] == pytest.approx(0.25 * math.log(3))


def test_a_block_that_closes_a_bracket_follows_the_article_that_left_it_open():
    # ``陈效卫、万宇）`` ends a byline; of two articles before it, only the
    # one whose text so far ends ``（本报记者…`` left a bracket open.  The
    # other closed its own bracket (``（新知新觉）``) and ends a sentence.
    from zhclean.articles.columns import _DANGLING, Block, _ending

    texts = ["各地加强应急管理（新知新觉）", "市里今年新建公园十二座", "（本报记者王君平、", "公园全部免费开放。", "陈效卫、万宇）"]
    blocks = [Block([k], [k], len(t), True, len(t), False) for k, t in enumerate(texts)]
    assert _ending(4, [0, 2], blocks, texts) == _DANGLING
    assert _ending(4, [1, 3], blocks, texts) == 0.0


def test_a_name_the_page_repeats_is_a_word_across_the_join():
    # '河长' (river chief) is not in jieba's dictionary, so nothing tells the
    # model that '…涛圩镇河' / '长组织镇、村河长们…' reads on (seed 002, lines 51
    # and 53).  The page itself uses '河长' on other lines: it is the page's word.
    from zhclean.articles.fragments import fragment_text
    from zhclean.articles.links import _PAGE_TERM_GAIN, LinkScorer

    def gain(text):
        frags = fragment_text(text)
        nodes = [f.index for f in frags]
        scorer = LinkScorer(frags, nodes, {n: k for k, n in enumerate(nodes)})
        return scorer.lm_gain(0, 1)

    lines = ["江华瑶族自治县涛圩镇河", "长组织镇、村河长们开展清河行动", "该县创新河长制", "民间河长巡河"]
    assert gain("\n".join(lines)) == _PAGE_TERM_GAIN
    # Used on one other line only, the pair is no evidence.
    assert gain("\n".join(lines[:3])) < 3.0


def test_an_article_does_not_end_on_a_full_line_that_runs_on():
    # The county article's last two blocks were read in the wrong order.  No
    # word runs across any of its joins (every line ends with a comma), so the
    # evidence is layout alone: in file order the article would end on
    # '群众积极响应号召，', a full 9-character line that does not end a
    # sentence; its text must go on, so the short block '效果明显。' comes last.
    county = [["县里组织志愿服务，", "各村开展环境整治，"], ["党员干部带头参加，", "群众积极响应号召，"], ["效果明显。"]]
    library = _wrap(LIBRARY, 8)
    pieces = [library[0:3], county[0], library[3:6], county[2], county[1], library[6:9], library[9:]]
    text = "\n\n".join("\n".join(p) for p in pieces)
    articles = zhclean.split_articles(text)
    assert ["".join(f.text for f in a.fragments) for a in articles] == [LIBRARY, "".join(ln for b in county for ln in b)]


def test_a_closing_note_goes_to_the_article_whose_text_ended_last_before_it():
    # '（赵永新）' in a block of its own: of the articles before it, the first
    # breaks off mid-sentence, the second ended its text ('…照常开放。') further
    # back, the third ended just before the note - the note closes the third.
    # An article with text after the note is not closed by it.
    from zhclean.articles.columns import Block, _closed_by_note

    texts = ["县里组织志愿服务，", "新馆周末照常开放。", "河道清淤全部完工。", "（赵永新）", "港口新开三条航线。"]
    runs_on = [True, False, False, False, False]
    blocks = [Block([k], [k], 9, True, len(t), r) for k, (t, r) in enumerate(zip(texts, runs_on))]
    assert _closed_by_note(3, [[0], [1], [2]], blocks, texts) == 2
    assert _closed_by_note(3, [[0], [1], [2, 4]], blocks, texts) == 1
    assert _closed_by_note(2, [[0], [1]], blocks, texts) is None  # not a note


def test_two_articles_of_one_width_each_with_a_headline_need_more_in_common_to_merge():
    # Four blocks of one column width: 0 and 1 name one subject ('港口'),
    # 2 and 3 another ('图书'), and all share a little ('工作').  Cosine of
    # the two halves: dot 0.4*0.4 = 0.16 over |(2, 0.4)|^2 = 4.16, i.e. 0.038 -
    # above the 0.03 at which two stories part.  Each half starts with a
    # headline, though: then they must share 0.03 + 0.05 to be one article.
    from zhclean.articles.columns import _split_shared

    bags = [{"港口": 1.0, "工作": 0.2}, {"港口": 1.0, "工作": 0.2}, {"图书": 1.0, "工作": 0.2}, {"图书": 1.0, "工作": 0.2}]
    texts = ["字" * 120] * 4
    assert _split_shared([0, 1, 2, 3], [], bags, texts) == [[0, 1, 2, 3]]
    assert sorted(_split_shared([0, 1, 2, 3], [], bags, texts, headed={0, 2})) == [[0, 1], [2, 3]]

"""One article in, one article out, in file order (issue 7, do no harm).

Short excerpts of clean People's Daily articles in the layouts
``scripts/check_single_articles.py`` renders, each of which the splitter
once reordered or split, and the decisions behind each fix.
"""

from __future__ import annotations

import zhclean
from zhclean.articles.assign import greedy_path_cover
from zhclean.articles.tags import tag_lines


def _one_article_in_file_order(text: str) -> None:
    articles = zhclean.split_articles(text)
    assert len(articles) == 1
    starts = [f.start for f in articles[0].fragments]
    assert starts == sorted(starts)


# rmrb_20190224-06-03, each paragraph's printed lines (8 characters) on one line.
# ``…斯依`` + ``托万克…`` two segments on reads as the word 依托, but the
# segment between them (``提心头温暖如春。``) reads on from the first and into the last.
PACKED_NAME = (
    "“橄榄绿”来到荒 地村（不变的情怀 ）\n\n"
    "时值严冬，天山脚 下，天寒地冻，听 闻村里深井打通冒 水的消息，托万克 荒地村78岁的老 人阿卜力兹·斯依 "
    "提心头温暖如春。 托万克荒地村是新 疆阿克苏地区乌什 县的一个行政村， 属“三区三州”深 度贫困地区，是地 "
    "方脱贫攻坚的一块 “硬骨头”。"
)


def test_a_word_across_a_skipped_segment_does_not_strand_it():
    _one_article_in_file_order(PACKED_NAME)


def test_path_cover_puts_back_a_fragment_a_strong_link_jumped_over():
    # 0 -> 2 alone (7.0) scores less than 0 -> 1 -> 2 (5.7 + 5.7).
    links = [(7.0, 0, 2), (5.7, 0, 1), (5.7, 1, 2)]
    chains = greedy_path_cover(links, 1.0)
    assert chains.chains([0, 1, 2]) == [[0, 1, 2]]


def test_path_cover_leaves_out_a_paragraph_end_merged_into_a_line():
    # Seed 002, line 253: ``…重 获各类违法犯罪嫌疑人21名。 点单位…`` - the middle
    # segment ends its paragraph, so it belongs to another column.
    links = [(7.0, 0, 2), (5.7, 0, 1), (5.7, 1, 2)]
    chains = greedy_path_cover(links, 1.0, para_ends={1})
    assert chains.succ == {0: 2}


def test_path_cover_gives_a_long_jump_s_ends_back_their_file_order_partners():
    # rmrb_20200125-07-04: ``…狮子耍舞`` (0) -> ``狮队敲锣打鼓…`` (3) reads as 舞狮 (6.5) and is
    # taken first; 0 -> 1 (5.7) and 2 -> 3 (5.2) together score more, and 1 and 2 are still free.
    links = [(6.5, 0, 3), (5.7, 0, 1), (5.2, 2, 3), (4.0, 1, 2)]
    chains = greedy_path_cover(links, 1.0)
    assert chains.chains([0, 1, 2, 3]) == [[0, 1, 2, 3]]


# rmrb_20200506-14-01, wrapped at 27 characters, extracted in blocks read in order.
# A ``‘…’`` inside an open ``“…”`` says nothing about the double quotation:
# the block starting ``个子项`` is still inside the quotation opened before it.
NESTED_QUOTES = (
    "湖北咸宁综合施策，整治黑臭水体\n\n"
    "河口。从地图上看，这一段河流呈现明显的U形，水流到此转\n"
    "了个大弯，泥沙容易淤积。年深日久，河床抬高，水流不畅，\n"
    "影响防洪安全，周边生活污水直排，又加剧了水体污染。\n"
    "龙潭河的痛点也是整个淦河的缩影。中建三局绿投公司项目负\n"
    "责人刘长奇介绍：“淦河属长江一级支流，全长60.8公里\n"
    "。淦河流域环境综合治理项目总投资额6.8亿元，包含65\n\n"
    "个子项，主要分为防洪排涝工程、水生态建设工程、环境景观\n"
    "工程三大类，项目遍布淦河全线，‘从头治到尾’。”\n"
    "大型挖掘机一下来，河道清淤很容易完成，但是，水生态治理\n"
    "是个系统工程，截污是基础。经过几十年的发展，城市地下管\n"
    "网星罗棋布，找出所有排污口并分类处理，才能事半功倍。龙\n"
    "潭河过去不是没有治过，但是截污没有“断根”，污水边治边\n"
    "排，治也枉然。\n\n"
    "2018年年初，咸宁市淦河流域环境综合治理项目技术负责\n"
    "人丁磊带领团队历时2个月，在淦河沿线排查出了140个排\n"
    "污口，然后逐步溯流而上，累计撬开了3000多个井盖。“\n"
    "病灶”全弄清了，就好“手术”了。“我们的工作类似医生的\n"
    "心脏手术，有的污水管‘改道’接到污水处理厂，就像‘心脏\n"
    "搭桥’；有的雨污混接，就建设溢流墙，就像‘搭支架’，下\n"
    "雨时根据污水的浓度自动分流，浓度高的导入污水管，已经过\n\n"
    "雨水稀释的排入河流。”该项目负责人江奎说。\n"
)


def test_a_nested_single_quotation_does_not_close_the_double_one():
    _one_article_in_file_order(NESTED_QUOTES)


def test_a_no_break_space_byline_is_a_byline():
    # rmrb_20190210-02-01 prints its byline with U+00A0 between the names;
    # taken for a second headline, it split the article in two.
    lines = ["新春走基层 人和家顺事事兴", "", "阿妹戚托小镇的新生活", "", "本报记者\xa0万秀斌\xa0黄\xa0娴\xa0程\xa0焕", "", "阿妹戚托，一种贵州彝族传统舞蹈的名字。"]
    roles = tag_lines(lines)
    assert roles[4] == "byline"

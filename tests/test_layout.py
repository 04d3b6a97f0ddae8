"""Line classification (zhclean.layout), checked against lines read by hand."""

from pathlib import Path

import pytest

from zhclean import layout as L

FIXTURES = Path(__file__).parent.parent / "fixtures"
SEEDS = FIXTURES / "seeds"
ANNOTATION = FIXTURES / "layout" / "seed_lines.tsv"


def seed_lines(seed: str) -> list[str]:
    path = next(SEEDS.glob(f"{seed}_*.txt"))
    return path.read_text(encoding="utf-8").split("\n")


def labels(lines):
    return [t.label for t in L.classify_lines(lines)]


def test_one_tag_per_line_and_blank_lines_are_blank():
    lines = ["# 标题", "", "   ", "正文第一段，有逗号。"]
    tags = L.classify_lines(lines)
    assert len(tags) == 4
    assert [t.label for t in tags] == ["headline", "blank", "blank", "body"]
    assert all(isinstance(t, L.LineTag) and 0 < t.confidence <= 1 and t.reason for t in tags)


@pytest.mark.parametrize(
    "line",
    [
        "□ 郴州日报全媒体记者 雷明辉 谭志文 郭亮廷",
        "株洲日报全媒体记者/邹怡敏",
        "通讯员/刘晓欢 刘艺锋",
        "□ 本报评论员",
        "(杨丁香 赵建平)",
        "(周 俊 何邵林 蒋加强)",
        "刘爱明 张 咪 傅相玮 甘 敏",
    ],
)
def test_bylines(line):
    assert L.classify_lines([line])[0].label == "byline"


def test_reporter_inside_a_sentence_is_body():
    # 记者 occurs in running text; a byline pattern must match the whole line
    line = "12月18日，郴州长卷项目负责人张少荣告诉记者：“经过纪委的跟踪督办，干部工作力度更大，项目进展也更快了。”"
    assert L.classify_lines([line])[0].label == "body"


def test_two_part_headline_is_not_a_name_list():
    assert not L.looks_like_names("党建引领聚合力 找准定位谋发展")
    assert not L.looks_like_names("项目为王 实干为先")
    assert L.looks_like_names("尹二荣 邹怡敏")
    assert L.looks_like_names("刘爱明 张 咪 傅相玮 甘 敏")


@pytest.mark.parametrize(
    "line,label",
    [
        ("何勇 摄", "credit"),
        ("唐前京/摄", "credit"),
        ("图为国家级自然保护区", "caption"),
        ("通讯员/曲宏 易溪 摄", "credit"),
        ("22206803 责任编辑:刘琪琪 美术编辑:许 辛 校对:张 武", "editor_footer"),
        ("時(shí)政 > 正文", "boilerplate"),
        ("一審 | 段王潔", "boilerplate"),
        ("湘ICP備43100302000113號(hào)", "boilerplate"),
        ("郴州新聞網(wǎng)投稿QQ群:60874409 民情直通車(chē)聯(lián)絡(luò)QQ群:281367893", "boilerplate"),
        ("株洲日报讯(全媒体记者/言静) “刚刚培训完就有物业公司来招聘，学的知识马上就能派上用场。”", "dateline"),
    ],
)
def test_patterns(line, label):
    assert L.classify_lines([line])[0].label == label


def test_trailing_credit_is_found_only_after_punctuation_or_space():
    assert L.trailing_credit("旅游环境美观舒适的神农城景区。企业供图").group(0) == "企业供图"
    assert L.trailing_credit("城东新区 (本版图片由苏仙区委宣传部提供)") is not None
    assert L.trailing_credit("他们在现场认真拍摄") is None


def test_caption_that_cuts_a_paragraph():
    lines = seed_lines("000")[29:36]  # 签订了征 / 西河风光带 / 拆协议
    tags = labels(lines)
    assert tags[0] == "body" and tags[4] == "caption" and tags[6] == "body"


def test_kicker_above_a_headline():
    lines = ["永州冷水滩区:", "", "湘潭市:", "", '"好邻居"建功基层社会治理', "", "友,在帮严老盖瓦时不慎从房屋上掉下死亡,双方家庭条件都不好。"]
    assert labels(lines)[0] == "kicker" and labels(lines)[2] == "kicker" and labels(lines)[4] == "headline"


def test_is_cut():
    assert L.is_cut("与三户的律师积极高频协商，最终在10月14日让剩下的三户签订了征")
    assert L.is_cut("苏仙区针对项目建设过程中存在责任压得不实、")
    assert not L.is_cut("土地挂牌现已进窗公示。")
    assert not L.is_cut("现提出以下要求：")
    assert not L.is_cut("（作者为中国国家博物馆馆长）")
    assert not L.is_cut("国务院关于进一步做好民政服务机构疫情防控工作的通知")  # a title


def test_column_width():
    wrapped = ["日前株洲经开区传来好消息该区", "今年以来已成功签约引进产业项", "目二十九个总投资额达一百亿元", "这是该区抢抓机遇的成果。"]
    assert L.column_width(wrapped) == 14
    prose = ["习近平同卡塔尔埃米尔塔米姆举行会谈", "两国元首一致同意，深化相互尊重、平等互利的中卡战略伙伴关系。", "会谈后，两国元首共同见证了双边合作文件的签署。", "短句。"]
    assert L.column_width(prose) is None


def test_annotation_covers_every_nonempty_seed_line():
    gold = L.read_annotation(ANNOTATION)
    by_seed = {}
    for g in gold:
        assert g.label in L.LABELS, g
        by_seed.setdefault(g.seed, set()).add(g.line)
    for seed in ("000", "001", "002", "003", "004"):
        lines = seed_lines(seed)
        nonempty = {i for i, line in enumerate(lines, 1) if line.strip(" \t\u3000\u00a0")}
        assert by_seed[seed] == nonempty, seed
        for g in (g for g in gold if g.seed == seed):
            assert lines[g.line - 1].strip().startswith(g.text[:10]), g


def test_tagging_against_the_annotation():
    scores = L.evaluate_tags(ANNOTATION, SEEDS)
    total = sum(s.gold for s in scores.values())
    correct = sum(s.correct for s in scores.values())
    assert correct / total >= 0.95
    # the pattern-based labels never fire on a line of another kind
    for label in ("byline", "credit", "dateline", "editor_footer", "boilerplate", "kicker"):
        assert scores[label].precision == 1.0, label
    for label in ("caption", "body", "boilerplate", "credit", "dateline"):
        assert scores[label].recall >= 0.99, label
    assert "accuracy" in L.format_scores(scores)


def test_seed_002_column_fragment_is_not_a_caption():
    # 002:197 ``日常督查促公`` is the lead-in of the paragraph at 002:195 (``…促公`` + ``开。``),
    # cut off by the interleaved columns; between ``…94.3万`` and ``作风督查促规 范。…``,
    # which do not read on into each other, it is no caption that cut a paragraph
    tags = L.classify_lines(seed_lines("002"))
    assert tags[196].label == "body"
    assert tags[78].label == "body"  # 中局机关及城区四所警力分成7个集: a line of a narrow column


def test_is_scrambled():
    assert L.is_scrambled(["甲乙丙，丁戊" + str(i) for i in range(8)] + ["甲乙丙，丁戊。"] * 4)
    assert not L.is_scrambled(["甲乙丙，丁戊"] * 8 + ["甲乙丙，丁戊。"] * 12)  # most pieces end
    assert not L.is_scrambled(["甲乙丙，丁戊"] * 5)  # too few pieces to tell


def test_a_paragraph_that_mentions_a_hotline_is_not_boilerplate():
    # clean rmrb_20190202-07-02 (audit pass 4): --drop-boilerplate deleted this closing paragraph
    paragraph = ("各界群众若发现涉黄涉非违法行为，可通过全国“扫黄打非”办公室举报电话12390或中国扫黄打非网举报。"
                 "春节期间将安排值守。")
    assert not L.is_boilerplate(paragraph)
    # a footer of fields is (seed 001, after repair)
    assert L.is_boilerplate("新聞熱線：0735-2892485 廣告：2893888 E-mail:master@czxww.cn 傳真：2295893")
    assert L.is_boilerplate("時政 > 正文") and L.is_boilerplate("湘ICP備43100302000113號")

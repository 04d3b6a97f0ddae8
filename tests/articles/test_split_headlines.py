"""Article headlines in the split index, and ``zhclean split --fix`` (acceptance audit item 13)."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

import zhclean
from zhclean.articles.cli import MARKER
from zhclean.articles.split import plain_heading
from zhclean.articles.tags import tag_lines
from zhclean.cli import app

SEEDS = Path(__file__).resolve().parents[2] / "fixtures" / "seeds"


def seed_path(prefix: str) -> Path:
    (path,) = SEEDS.glob(prefix + "_*.txt")
    return path


def test_headline_is_the_first_headline_line_not_one_further_down():
    # Seed 003 opens with its headline, then two bylines; ``居然之家茶陵店开业运营``
    # is a later article's headline on the same page.
    (article,) = zhclean.split_articles(seed_path("003").read_text(encoding="utf-8"))
    assert article.headline == "渌口区：“三个聚焦”抓项目"


def test_a_headline_above_a_byline_of_its_own_width_stays_a_headline():
    # Both 13 characters wide: a byline is no column line that would make the headline one.
    roles = tag_lines(["渌口区：“三个聚焦”抓项目", "", "株洲日报全媒体记者/邹怡敏", "通讯员/刘晓欢 刘艺锋", "", "9月28日,位于淦田镇的大唐华银株洲电厂项目现场一片繁忙。"])
    assert roles[0] == "headline" and roles[2] == "byline"


def test_markdown_markers_leave_the_index_headline_but_not_the_text():
    text = seed_path("000").read_text(encoding="utf-8")
    (article,) = zhclean.split_articles(text)
    assert article.headline == "协调发展的苏仙传奇"
    assert article.text.startswith("# 协调发展的苏仙传奇\n")


def test_plain_heading():
    assert plain_heading("# 协调发展的苏仙传奇") == "协调发展的苏仙传奇"
    assert plain_heading("## 产业项目大建设 ##") == "产业项目大建设"
    assert plain_heading("**重阳敬桑榆**") == "重阳敬桑榆"
    assert plain_heading("#话题 不是标题") == "#话题 不是标题"  # no space after #: not Markdown


def test_a_page_without_a_headline_has_none_rather_than_a_subhead():
    # Seed 001 starts with site furniture (``時(shí)政 > 正文``) and running text;
    # ``黨建引領(lǐng),筑牢發(fā)展的“根與魂”`` is the title of its first section.
    (article,) = zhclean.split_articles(seed_path("001").read_text(encoding="utf-8"))
    assert article.headline == ""


def test_split_text_is_as_read_and_split_fix_repairs_it(tmp_path):
    path = seed_path("001")
    raw = path.read_text(encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(app, ["split", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    index = json.loads(result.stdout)
    assert index["fixed"] is False
    assert index["articles"][0]["text"] == raw.strip("\n")  # verbatim, pinyin and all
    result = runner.invoke(app, ["split", "--fix", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    index = json.loads(result.stdout)
    assert index["fixed"] is True
    text = index["articles"][0]["text"]
    assert "(shí)" not in text and text.startswith("時政 > 正文\n清晨的陽光漫過蘇仙區")
    # The same repair as fix --split-articles gives the article.
    result = runner.invoke(app, ["fix", "--split-articles", "--stdout", str(path)])
    assert result.stdout == MARKER.format(number=1, total=1) + "\n" + text.strip("\n") + "\n"
    # Files too, and the fragments still point into the input as read.
    result = runner.invoke(app, ["split", "--fix", str(path), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "01.txt").read_text(encoding="utf-8") == text.rstrip("\n") + "\n"
    frag = json.loads((tmp_path / "out" / "index.json").read_text(encoding="utf-8"))["articles"][0]["fragments"][0]
    start, end = frag["offsets"]
    assert raw[start:end] == frag["text"]

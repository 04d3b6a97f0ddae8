"""``zhclean split`` and ``fix --split-articles`` as library functions: files, index, markers."""

from __future__ import annotations

import json
from pathlib import Path

from zhclean.articles.fragments import fragment_text
from zhclean.articles.split import split_document
from zhclean.articles.cli import MARKER, UNPLACED_MARKER, render_split_articles, split_to_dir, split_to_json

TEXT = "县里启动河道清淤工程\n\n今年以来，县里把河道清淤列为民生实事。\n\n工程采用分段施工、分段验收的办法。\n"


def test_split_to_dir_writes_articles_and_an_index_that_points_back_into_the_input(tmp_path):
    written = split_to_dir(TEXT, tmp_path, source="in.txt")
    assert [p.name for p in written] == ["01.txt", "index.json"]
    index = json.loads((tmp_path / "index.json").read_text(encoding="utf-8"))
    assert index["source"] == "in.txt"
    (article,) = index["articles"]
    assert article["file"] == "01.txt"
    assert article["headline"] == "县里启动河道清淤工程"
    assert (tmp_path / "01.txt").read_text(encoding="utf-8") == article["text"] + "\n"
    lines = TEXT.split("\n")
    for frag in article["fragments"]:
        start, end = frag["offsets"]
        assert TEXT[start:end] == frag["text"]
        col_start, col_end = frag["columns"]
        assert lines[frag["line"] - 1][col_start:col_end] == frag["text"]
    assert index["unplaced"] == []


def test_split_to_json_is_the_same_index():
    index = json.loads(split_to_json(TEXT))
    assert [a["headline"] for a in index["articles"]] == ["县里启动河道清淤工程"]


def test_render_split_articles_puts_a_marker_line_before_each_article():
    out = render_split_articles(TEXT)
    assert out.startswith(MARKER.format(number=1, total=1) + "\n县里启动河道清淤工程\n")
    assert out.endswith("分段验收的办法。\n")


def test_render_split_articles_cleans_each_article_and_keeps_unplaced_text():
    # one article read as it is keeps even a symbol-only line where it stands
    out = render_split_articles(TEXT + "\n■■\n", clean=lambda t: t.replace("，", ","))
    assert "民生实事" in out and "，" not in out
    assert out.endswith("分段验收的办法。\n\n■■\n") and UNPLACED_MARKER not in out
    # text that belongs to no article of a split page comes last, after its own marker
    result = split_document(TEXT)
    result.unplaced = fragment_text("■■")
    assert render_split_articles(TEXT, result=result).endswith(UNPLACED_MARKER + "\n■■\n")


def test_cli_split_and_fix_split_articles(tmp_path):
    from typer.testing import CliRunner

    from zhclean.cli import app

    page = tmp_path / "page.txt"
    page.write_text(TEXT, encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(app, ["split", str(page), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "01.txt").read_text(encoding="utf-8").startswith("县里启动河道清淤工程\n")
    result = runner.invoke(app, ["split", str(page), "--format", "json"])
    assert json.loads(result.stdout)["articles"][0]["headline"] == "县里启动河道清淤工程"
    result = runner.invoke(app, ["fix", "--split-articles", "--stdout", str(page)])
    assert result.exit_code == 1  # the marker line is a change
    assert result.stdout.startswith(MARKER.format(number=1, total=1) + "\n县里启动河道清淤工程\n")
    assert page.read_text(encoding="utf-8") == TEXT  # --stdout leaves the file alone


def test_fix_split_articles_lists_the_joins_to_check(tmp_path):
    from typer.testing import CliRunner

    from zhclean.articles import Link, SplitResult, fragment_text
    from zhclean.articles.cli import report_lines
    from zhclean.cli import app

    frags = fragment_text("第一行文字\n第二行文字")
    result = SplitResult(articles=[], uncertain=[Link(frags[0], frags[1], 0.5, 0.2, "close call")])
    assert report_lines("page.txt", result) == [
        "page.txt: 0 article(s); 1 join(s) to check",
        "  check: line 2 col 1 (第二行文字) after line 1 col 1 (第一行文字): close call",
    ]
    page = tmp_path / "page.txt"
    page.write_text(TEXT, encoding="utf-8")
    out = CliRunner().invoke(app, ["fix", "--split-articles", "--stdout", "--report-dir", str(tmp_path / "rep"), str(page)])
    assert "page.txt: 1 article(s)" in out.stderr
    # named like plain fix's per-file reports: the input's path mirrored under the report directory
    (written,) = (tmp_path / "rep").rglob("page.txt.articles.json")
    index = json.loads(written.read_text(encoding="utf-8"))
    assert index["articles"][0]["headline"] == "县里启动河道清淤工程" and index["uncertain"] == []
    diff = written.with_name("page.txt.diff").read_text(encoding="utf-8")
    assert "+" + MARKER.format(number=1, total=1) + "\n" in diff  # the marker line is what changed
    assert "1 file would be split into articles, 0 unchanged." in out.stderr


def test_fix_split_articles_of_a_single_article_seed_is_plain_fix():
    # the acceptance audit saw captions glued together (美丽乡村沙滩公园东湖公园) when a
    # one-article page was rebuilt from its fragments; read as it is, it is fixed as usual
    import zhclean

    seeds = Path(__file__).parent.parent.parent / "fixtures" / "seeds"
    for name in ("000_*.txt", "003_*.txt"):
        text = next(seeds.glob(name)).read_text(encoding="utf-8")
        out = render_split_articles(text, clean=zhclean.fix_text)
        assert out == MARKER.format(number=1, total=1) + "\n" + zhclean.fix_text(text).strip("\n") + "\n"


def test_fix_split_articles_walks_directories_like_fix(tmp_path):
    from typer.testing import CliRunner

    from zhclean.cli import app

    (tmp_path / "in" / "sub").mkdir(parents=True)
    (tmp_path / "in" / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "in" / "sub" / "b.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "in" / "notes.md").write_text(TEXT, encoding="utf-8")  # not *.txt: not an input
    (tmp_path / "in" / "sub" / "img.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")  # binary: skipped quietly
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["fix", "--split-articles", "-o", str(out), str(tmp_path / "in")])
    assert result.exit_code == 1, result.output  # the marker lines are changes
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()) == ["a.txt", "sub/b.txt"]
    assert (out / "sub" / "b.txt").read_text(encoding="utf-8").startswith(MARKER.format(number=1, total=1) + "\n县里启动")
    assert (tmp_path / "in" / "a.txt").read_text(encoding="utf-8") == TEXT  # -o leaves the inputs alone
    missing = CliRunner().invoke(app, ["fix", "--split-articles", "--check", str(tmp_path / "nope.txt")])
    assert missing.exit_code == 2 and "no such file" in missing.stderr

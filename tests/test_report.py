"""--report-dir: per-file unified diff and JSON edits with input line/column, and the HTML run summary."""

import json

import pytest
from typer.testing import CliRunner

import zhclean
from zhclean.cli import app
from zhclean.report import line_starts, output_spans, position, side_by_side_rows, text_figures, unified_diff
from zhclean.runner import finish_file_text

LINE2 = "该 区今年以来已成功签约引进产业项目，总投资额达118亿元。</p>"
ORIGINAL = "甲乙\r\n" + LINE2 + "\r\n"


@pytest.fixture
def reported(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_bytes(ORIGINAL.encode("utf-8"))
    (tmp_path / "in" / "clean.txt").write_bytes("甲乙\n".encode("utf-8"))
    result = CliRunner().invoke(app, ["fix", "--report-dir", "rep", "in"])
    return tmp_path, result


def test_positions_count_characters_and_every_line_ending():
    starts = line_starts("ab\r\ncd\re\nf")
    assert starts == [0, 4, 7, 9]
    assert position(starts, 0) == (1, 1)
    assert position(starts, 2) == (1, 3)  # the \r of the CRLF
    assert position(starts, 5) == (2, 2)
    assert position(starts, 9) == (4, 1)


def test_json_edits_carry_input_line_and_column(reported):
    root, result = reported
    assert result.exit_code == 1
    doc = json.loads((root / "rep" / "in" / "a.txt.json").read_text(encoding="utf-8"))
    assert doc["encoding"] == "utf-8" and doc["changed"] is True
    found = {(e["filter"], e["before"]): (e["line"], e["column"]) for e in doc["edits"]}
    assert found[("whitespace", " ")] == (2, 2)  # the space after 该
    assert found[("html", "</p>")] == (2, LINE2.index("</p>") + 1)
    assert (1, 3) in [(e["line"], e["column"]) for e in doc["edits"] if e["filter"] == "newlines"]
    for e in doc["edits"]:
        assert set(e) >= {"filter", "reason", "confidence", "line", "column", "before", "after"}
        assert ORIGINAL[e["start"] : e["end"]] == e["before"]  # every edit points at its input text
    assert doc["counts"] == {"newlines": 2, "whitespace": 1, "html": 1}


def test_diff_file_is_the_unified_diff_of_the_input(reported):
    root, _ = reported
    diff = (root / "rep" / "in" / "a.txt.diff").read_bytes().decode("utf-8")
    assert diff.startswith("--- in/a.txt\t(original)\n+++ in/a.txt\t(fixed)\n@@ -1,2 +1,2 @@\n")
    assert "-甲乙\r\n" in diff and "+甲乙\n" in diff
    assert "+该区今年以来已成功签约引进产业项目，总投资额达118亿元。\n" in diff
    assert (root / "rep" / "in" / "clean.txt.diff").read_text(encoding="utf-8") == ""


def test_summary_page_and_json_count_per_filter_and_file(reported):
    root, result = reported
    page = (root / "rep" / "index.html").read_text(encoding="utf-8")
    summary = json.loads((root / "rep" / "summary.json").read_text(encoding="utf-8"))
    assert summary["files"] == 2 and summary["changed"] == 1
    assert summary["counts"] == {"newlines": 2, "html": 1, "whitespace": 1}
    assert [f["input"] for f in summary["per_file"]] == ["in/a.txt", "in/clean.txt"]
    assert "in/a.txt" in page and "in/clean.txt" in page
    assert 'title="whitespace"> </del>' in page  # the removed space, coloured as a whitespace edit
    assert 'title="html">&lt;/p&gt;</del>' in page
    headers = page.split("<th>file</th>")[1].split("</tr>")[0]
    assert "characters before → after" in headers and "Han before → after" in headers
    for wrong in ("sentence", "word", "syllable", "Flesch", "reading"):  # English-only textstat figures
        assert wrong not in headers
    assert "report: rep/index.html" in result.stderr
    assert "fixed in/a.txt" not in result.stderr  # with a report, no per-file lines


def test_second_run_does_not_clean_its_own_report(reported):
    root, _ = reported
    again = CliRunner().invoke(app, ["fix", "--report-dir", "rep", "."])
    summary = json.loads((root / "rep" / "summary.json").read_text(encoding="utf-8"))
    assert again.exit_code == 0
    assert [f["input"] for f in summary["per_file"]] == ["in/a.txt", "in/clean.txt"]


def test_text_figures_are_the_ones_right_for_chinese():
    # 中 文 ， a b c 。 : 7 non-space characters; 中 文 a b c: 5 that are not punctuation; 2 Han.
    assert text_figures("中文，abc。\n") == {"characters": 7, "letters": 5, "han": 2}


def test_unified_diff_of_equal_texts_is_empty():
    assert unified_diff("甲\n", "甲\n", "x") == ""


def test_side_by_side_rows_are_capped_and_count_the_rest():
    text = "".join(f"第{i}行 内容，这是一段足够长的中文句子用来测试换行空格的删除。\n" for i in range(300))
    result = finish_file_text(zhclean.fix(text.replace("\n", "  \n")))
    rows, hidden = side_by_side_rows(result)
    assert rows.count("<tr>") + hidden == 1  # one changed block of 300 lines
    many = finish_file_text(zhclean.fix("\n".join(f"第{i}行  \n不变" for i in range(300))))
    rows, hidden = side_by_side_rows(many)
    assert rows.count("<tr>") == 200 and hidden == 100


def test_output_spans_locate_each_edits_result_in_the_output():
    result = finish_file_text(zhclean.fix(ORIGINAL))
    spans = output_spans(result)
    # the two CRLFs became the LFs at the end of the two output lines
    assert sorted((a, b) for a, b, name in spans if name == "newlines") == [(2, 3), (len(result.text) - 1, len(result.text))]
    assert all(result.text[a:b] == "\n" for a, b, name in spans if name == "newlines")
    rows, _ = side_by_side_rows(result)
    left, right = rows.split('<td class="r">')
    assert 'title="html">&lt;/p&gt;</del>' in left and "</p>" not in right
    assert right.count('title="newlines">') == 2


def test_run_summary_spools_rows_to_disk_and_leaves_no_temporary_file(reported):
    # the run's per-file rows wait in a spool file, not in memory; the report
    # written from it is the one the fixture's run produced, and the spool is gone
    from zhclean.report import FileSummary, RunSummary

    root, _ = reported
    assert not [p for p in (root / "rep").rglob("*") if p.name.endswith(".zhclean-tmp")]
    run = RunSummary(root / "rep2")
    rows = [FileSummary(f"f{i}.txt", f"f{i}.txt", "utf-8", i % 2 == 0, {"html": i}, 0,
                        {"characters": 1, "letters": 1, "han": 1}, {"characters": 1, "letters": 1, "han": 1})
            for i in range(3)]
    for row in rows:
        run.add(row)
    run.error("bad.txt", "unreadable")
    (spool,) = [p for p in (root / "rep2").iterdir() if p.name.endswith(".zhclean-tmp")]
    run.write()
    summary = json.loads((root / "rep2" / "summary.json").read_text(encoding="utf-8"))
    assert [f["input"] for f in summary["per_file"]] == ["f0.txt", "f1.txt", "f2.txt"]
    assert summary["files"] == 3 and summary["changed"] == 2 and summary["counts"] == {"html": 3}
    assert summary["errors"] == [{"input": "bad.txt", "reason": "unreadable"}]
    assert not spool.exists() and "f2.txt" in (root / "rep2" / "index.html").read_text(encoding="utf-8")


def test_index_lists_what_was_left_for_a_person_to_check(tmp_path, monkeypatch):
    # notices (kept glosses here; undecided garbles with their candidates likewise)
    # are shown on the page, not only counted, even for a file nothing changed in
    monkeypatch.chdir(tmp_path)
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "gloss.txt").write_text("鼎、簋（guǐ）、敦（duì）、豆都是古代礼器。\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["fix", "--report-dir", "rep", "in"])
    assert result.exit_code == 0
    page = (tmp_path / "rep" / "index.html").read_text(encoding="utf-8")
    listed = page.split("Left unchanged, to check:")[1]
    assert '<td class="n">1:4</td>' in listed and "（guǐ）" in listed  # line 1, column 4
    assert '<td class="n">1:11</td>' in listed and "（duì）" in listed and "editor&#x27;s gloss" in listed
    assert '<a href="#f0">in/gloss.txt</a>' in page

"""--jobs: the same messages, reports and exit code whatever the number of worker processes."""

import json
import os

from typer.testing import CliRunner

from zhclean.cli import app
from zhclean.parallel import chunked, ordered_map

DAMAGED = "该 区今年以来已成功签约引进产业项目，总投资额达118亿元。</p>\n"
CLEAN = "习近平同卡塔尔埃米尔塔米姆举行会谈。\n"


def test_ordered_map_keeps_order_across_processes():
    assert list(ordered_map(abs, range(-50, 0), 2, chunksize=3)) == list(range(50, 0, -1))


def test_chunks_end_at_a_count_or_a_weight():
    assert list(chunked(range(7), 3)) == [[0, 1, 2], [3, 4, 5], [6]]
    sizes = [100, 100, 300, 50, 50]
    assert list(chunked(sizes, 10, weight=lambda n: n, max_weight=250)) == [[100, 100, 300], [50, 50]]


def test_jobs_do_not_change_messages_or_reports(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for i in range(40):
        (tmp_path / "docs" / f"d{i % 3}").mkdir(parents=True, exist_ok=True)
        (tmp_path / "docs" / f"d{i % 3}" / f"{i:02d}.txt").write_text(DAMAGED if i % 4 else CLEAN, encoding="utf-8")
    runs = {}
    for jobs in ("1", "2"):
        result = CliRunner().invoke(app, ["check", "docs", "--jobs", jobs, "--report-dir", f"rep{jobs}", "--steps", "html,whitespace"])
        assert result.exit_code == 1, result.output
        summary = json.loads((tmp_path / f"rep{jobs}" / "summary.json").read_text(encoding="utf-8"))
        runs[jobs] = (result.output.replace(f"rep{jobs}", "rep"), summary)
    assert runs["1"] == runs["2"]
    output, summary = runs["1"]
    assert summary["changed"] == 30 and summary["counts"] == {"html": 30, "whitespace": 30}
    names = [f["input"] for f in summary["per_file"]]
    assert names == sorted(names) and len(names) == 40  # walk order: sorted, per directory


PAGE = "县里启动河道清淤工程\n\n今年以来，县里把河道清淤列为民生实事。\n\n工程采用分段施工、分段验收的办法。\n"


def test_split_over_a_directory_is_the_same_with_any_number_of_jobs(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for i in range(10):
        page = tmp_path / "pages" / f"d{i % 2}" / f"p{i}.txt"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(PAGE, encoding="utf-8")
    outputs = {}
    for jobs in ("1", "2"):
        result = CliRunner().invoke(app, ["split", "pages", "-o", f"out{jobs}", "--jobs", jobs])
        assert result.exit_code == 0, result.output
        tree = {p.relative_to(tmp_path / f"out{jobs}").as_posix(): p.read_bytes() for p in (tmp_path / f"out{jobs}").rglob("*.txt")}
        outputs[jobs] = (result.output.replace(f"out{jobs}", "out"), tree)
    assert outputs["1"] == outputs["2"]
    messages, tree = outputs["1"]
    # one directory per input, mirroring the tree, each holding that page's one article
    assert sorted(tree) == sorted(f"d{i % 2}/p{i}/01.txt" for i in range(10))
    assert all(text.decode("utf-8").startswith("县里启动河道清淤工程\n") for text in tree.values())
    assert messages.splitlines()[0] == f"split {os.path.join('pages', 'd0', 'p0.txt')}: 1 article -> {os.path.join('out', 'd0', 'p0')}"


def test_split_many_as_json_lines_in_input_order_and_errors_do_not_stop_the_rest(tmp_path):
    for name in ("b.txt", "a.txt"):
        (tmp_path / name).write_text(PAGE, encoding="utf-8")
    names = [str(tmp_path / "b.txt"), str(tmp_path / "missing.txt"), str(tmp_path / "a.txt")]
    result = CliRunner().invoke(app, ["split", *names, "--format", "json", "--jobs", "2"])
    assert result.exit_code == 2
    indexes = [json.loads(line) for line in result.stdout.splitlines()]
    assert [i["source"] for i in indexes] == [names[0], names[2]]  # as given, not sorted
    assert [a["headline"] for i in indexes for a in i["articles"]] == ["县里启动河道清淤工程"] * 2
    assert f"error: {names[1]}: no such file or directory" in result.output

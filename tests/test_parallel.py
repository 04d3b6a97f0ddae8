"""--jobs: the same messages, reports and exit code whatever the number of worker processes."""

import json

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

"""zhclean.dask on a real distributed.LocalCluster with two worker processes."""

import json

import pytest

db = pytest.importorskip("dask.bag")
distributed = pytest.importorskip("distributed")

from zhclean.dask import fix_bag, fix_path, summarize  # noqa: E402

DAMAGED = "该 区今年以来已成功签约引进产业项目，总投资额达118亿元。</p>"
REPAIRED = "该区今年以来已成功签约引进产业项目，总投资额达118亿元。"
CLEAN = "习近平同卡塔尔埃米尔塔米姆举行会谈。"
STEPS = ["html", "whitespace"]


@pytest.fixture(scope="module")
def client():
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0", silence_logs=50
    ) as cluster, distributed.Client(cluster) as c:
        yield c


def test_fix_bag_of_strings_and_records(client):
    docs = db.from_sequence([DAMAGED, CLEAN, DAMAGED], npartitions=2)
    outcomes = fix_bag(docs, steps=STEPS)
    assert outcomes.pluck("document").compute(scheduler=client) == [REPAIRED, CLEAN, REPAIRED]
    summary = summarize(outcomes, client)
    assert summary == {"documents": 3, "changed": 2, "errors": 0, "counts": {"html": 2, "whitespace": 2}}

    records = db.from_sequence([{"id": 1, "body": DAMAGED}, {"id": 2, "title": "no body"}], npartitions=2)
    got = fix_bag(records, field="body", steps=STEPS).compute(scheduler=client)
    assert got[0]["document"] == {"id": 1, "body": REPAIRED}
    assert got[1]["error"] == "no text in 'body'" and got[1]["document"] == {"id": 2, "title": "no body"}


def test_fix_path_writes_files_reports_and_summary(client, tmp_path):
    src = tmp_path / "src"
    (src / "sub").mkdir(parents=True)
    (src / "a.txt").write_text("标题\n" + DAMAGED + "\n", encoding="utf-8")
    (src / "sub" / "b.txt").write_text(CLEAN + "\n", encoding="utf-8")
    (src / "sub" / "c.txt").write_bytes(DAMAGED.encode("gb18030"))  # GB18030, no final newline
    (src / "bin.txt").write_bytes(b"\x00\x01\x02binary")
    out, rep, cache = tmp_path / "out", tmp_path / "rep", tmp_path / ".zhclean-cache.json"

    summary = fix_path(src, client=client, output_dir=out, report_dir=rep, cache_file=cache, steps=STEPS)

    assert (summary.files, summary.changed, summary.skipped, summary.cached, summary.errors) == (4, 2, 1, 0, [])
    assert (out / "a.txt").read_text(encoding="utf-8") == "标题\n" + REPAIRED + "\n"
    assert (out / "sub" / "b.txt").read_text(encoding="utf-8") == CLEAN + "\n"
    assert (out / "sub" / "c.txt").read_text(encoding="utf-8") == REPAIRED + "\n"
    assert not (out / "bin.txt").exists()
    assert (src / "a.txt").read_text(encoding="utf-8") == "标题\n" + DAMAGED + "\n"  # originals untouched

    report = json.loads(next(rep.rglob("a.txt.json")).read_text(encoding="utf-8"))
    tag = next(e for e in report["edits"] if e["filter"] == "html")
    # "</p>" sits on line 2 right after the 30 characters of the sentence (space included)
    assert (tag["before"], tag["line"], tag["column"]) == ("</p>", 2, 31)
    assert json.loads(next(rep.rglob("c.txt.json")).read_text(encoding="utf-8"))["encoding"] == "gb18030"
    totals = json.loads((rep / "summary.json").read_text(encoding="utf-8"))["counts"]
    assert totals["html"] == 2 and totals["whitespace"] == 2
    assert (rep / "index.html").exists()

    # a second run with the same options skips every file it already did
    again = fix_path(src, client=client, output_dir=out, cache_file=cache, steps=STEPS)
    assert (again.files, again.changed, again.cached, again.skipped) == (4, 0, 3, 1)
    # a changed file is done again
    (src / "sub" / "b.txt").write_text(DAMAGED + "\n", encoding="utf-8")
    third = fix_path(src, client=client, output_dir=out, cache_file=cache, steps=STEPS)
    assert (third.changed, third.cached) == (1, 2)
    assert (out / "sub" / "b.txt").read_text(encoding="utf-8") == REPAIRED + "\n"


def test_fix_path_jsonl_in_place(client, tmp_path):
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(
        json.dumps({"id": 1, "text": DAMAGED}, ensure_ascii=False) + "\n{bad\n", encoding="utf-8"
    )
    summary = fix_path(tmp_path, client=client, jsonl_field="text", steps=STEPS)
    assert summary.changed == 1 and not summary.errors
    lines = corpus.read_text(encoding="utf-8").splitlines()
    assert json.loads(lines[0]) == {"id": 1, "text": REPAIRED}
    assert lines[1] == "{bad"


def test_cli_scheduler_runs_the_same_job_on_the_cluster(client, tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from zhclean.cli import app

    monkeypatch.chdir(tmp_path)
    (tmp_path / "in").mkdir()
    for i in range(5):
        (tmp_path / "in" / f"{i}.txt").write_text(f"{i}：{DAMAGED}\n", encoding="utf-8")
    (tmp_path / "in" / "clean.txt").write_text(CLEAN + "\n", encoding="utf-8")
    address = client.scheduler.address
    result = CliRunner().invoke(app, ["fix", "in", "--scheduler", address, "-o", "out", "--steps", "html,whitespace"])
    assert result.exit_code == 1, result.output
    # same messages, in the same (sorted) order, as a local run
    assert result.output.splitlines()[:6] == [f"fixed in/{i}.txt: 2 edits (html 1, whitespace 1)" for i in range(5)] + ["unchanged in/clean.txt"]
    for i in range(5):
        assert (tmp_path / "out" / f"{i}.txt").read_text(encoding="utf-8") == f"{i}：{REPAIRED}\n"
    assert sum(1 for _ in (tmp_path / "in").iterdir()) == 6  # inputs untouched, nothing added

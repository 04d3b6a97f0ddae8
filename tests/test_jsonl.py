"""JSON Lines: one record is one document; other fields, order and bad lines survive."""

import json

from zhclean.jsonl import fix_jsonl, fix_lines
from zhclean.parallel import settings_from_options

DAMAGED = "该 区今年以来已成功签约引进产业项目，总投资额达118亿元。</p>"
# "该 区" is a PDF column-wrap space inside a prose line; "</p>" is a stray tag.
REPAIRED = "该区今年以来已成功签约引进产业项目，总投资额达118亿元。"
STEPS = ["html", "whitespace"]  # the filters these records exercise; others may grow
CLEAN_LINE = '{"id":2,"text":"习近平同卡塔尔埃米尔塔米姆举行会谈。","meta":{"n":1.50}}\n'


def _corpus(tmp_path):
    lines = [
        json.dumps({"id": 1, "text": DAMAGED, "url": "http://example.cn/1"}, ensure_ascii=False) + "\n",
        CLEAN_LINE,
        "{not json\n",
        '{"id": 4, "body": "没有text字段"}\n',
        '{"id": 5, "text": 42}\n',
        "[1, 2]\n",
        json.dumps({"text": DAMAGED, "id": 7}) + "\n",  # ASCII-escaped input is fine too
    ]
    src = tmp_path / "corpus.jsonl"
    src.write_text("".join(lines), encoding="utf-8")
    return src, lines


def test_fixes_field_keeps_other_fields_order_and_bad_lines(tmp_path):
    src, lines = _corpus(tmp_path)
    dst = tmp_path / "out.jsonl"
    report = tmp_path / "report.jsonl"
    summary = fix_jsonl(src, dst, field="text", report=report, steps=STEPS)

    out = dst.read_text(encoding="utf-8").splitlines(keepends=True)
    assert len(out) == len(lines)
    first = json.loads(out[0])
    assert list(first) == ["id", "text", "url"]
    assert first == {"id": 1, "text": REPAIRED, "url": "http://example.cn/1"}
    # unchanged and bad lines are written back byte for byte (1.50 stays 1.50)
    assert out[1:6] == lines[1:6]
    assert json.loads(out[6]) == {"text": REPAIRED, "id": 7}

    assert summary.records == 3  # lines 1, 2 and 7 are records with a text
    assert summary.changed == 2
    assert [n for n, _ in summary.bad] == [3, 4, 5, 6]
    reasons = dict(summary.bad)
    assert "invalid JSON" in reasons[3]
    assert "no 'text' field" in reasons[4]
    assert "'text' is int" in reasons[5]
    assert "not a JSON object" in reasons[6]
    assert summary.counts["html"] == 2 and summary.counts["whitespace"] == 2

    entries = [json.loads(x) for x in report.read_text(encoding="utf-8").splitlines()]
    by_line = {e["line"]: e for e in entries}
    assert sorted(by_line) == [1, 3, 4, 5, 6, 7]
    befores = {e["before"] for e in by_line[1]["edits"]}
    assert {"</p>", " "} <= befores
    # edit offsets point into the record's original text
    for e in by_line[1]["edits"]:
        assert DAMAGED[e["start"] : e["end"]] == e["before"]


def test_in_place_untouched_when_nothing_changes(tmp_path):
    src = tmp_path / "clean.jsonl"
    src.write_text(CLEAN_LINE, encoding="utf-8")
    before = src.stat().st_mtime_ns
    summary = fix_jsonl(src, steps=STEPS)
    assert summary.changed == 0
    assert src.read_text(encoding="utf-8") == CLEAN_LINE
    assert src.stat().st_mtime_ns == before
    assert [p.name for p in tmp_path.iterdir()] == ["clean.jsonl"]  # no temp file left


def test_parallel_keeps_order(tmp_path):
    lines = [json.dumps({"i": i, "text": f"{i}：{DAMAGED}"}, ensure_ascii=False).encode() + b"\n" for i in range(60)]
    settings = settings_from_options(steps=STEPS)
    outs = list(fix_lines(lines, settings=settings, jobs=2, batch_bytes=200))
    assert [o.line for o in outs] == list(range(1, 61))
    assert [json.loads(o.data)["i"] for o in outs] == list(range(60))
    assert json.loads(outs[7].data)["text"] == f"7：{REPAIRED}"


def test_cli_jsonl_field_in_a_directory(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from zhclean.cli import app

    monkeypatch.chdir(tmp_path)
    src, lines = _corpus(tmp_path)
    (tmp_path / "notes.txt").write_text(DAMAGED + "\n", encoding="utf-8")  # plain text still works alongside
    result = CliRunner().invoke(app, ["fix", ".", "--jsonl-field", "text", "--steps", "html,whitespace", "--jobs", "1", "--report-dir", "rep"])
    assert result.exit_code == 1, result.output
    out = src.read_text(encoding="utf-8").splitlines(keepends=True)
    assert json.loads(out[0]) == {"id": 1, "text": REPAIRED, "url": "http://example.cn/1"}
    assert out[1:6] == lines[1:6]
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == REPAIRED + "\n"
    assert "warning: corpus.jsonl: 4 bad line(s) passed through unchanged (first: line 3, invalid JSON" in result.output
    report = json.loads((tmp_path / "rep" / "corpus.jsonl.json").read_text(encoding="utf-8"))
    assert report["records"] == 3 and [b["line"] for b in report["bad_lines"]] == [3, 4, 5, 6]
    assert {e["record_line"] for e in report["edits"]} == {1, 7}
    diff = (tmp_path / "rep" / "corpus.jsonl.diff").read_text(encoding="utf-8")
    assert "@@ -1,1 +1,1 @@" in diff and "@@ -7,1 +7,1 @@" in diff and "@@ -2," not in diff
    summary = json.loads((tmp_path / "rep" / "summary.json").read_text(encoding="utf-8"))
    assert summary["counts"] == {"html": 3, "whitespace": 3}  # two records and notes.txt


def test_cli_jsonl_from_stdin_to_stdout():
    from typer.testing import CliRunner

    from zhclean.cli import app

    records = json.dumps({"id": 1, "text": DAMAGED}, ensure_ascii=False) + "\n" + CLEAN_LINE
    result = CliRunner().invoke(app, ["fix", "-", "--jsonl-field", "text", "--steps", "html,whitespace", "--quiet"], input=records)
    assert result.exit_code == 1
    assert result.stdout.splitlines(keepends=True) == [json.dumps({"id": 1, "text": REPAIRED}, ensure_ascii=False) + "\n", CLEAN_LINE]


# A record whose text holds a lone surrogate (legal as a JSON escape, not
# encodable as UTF-8) before text the html and whitespace filters repair.
SURROGATE_LINE = '{"text": "\\ud800' + DAMAGED.replace("/", "\\/") + '", "id": 1}\n'
SURROGATE_FIXED = '{"text": "\\ud800' + REPAIRED + '", "id": 1}\n'


def test_changed_record_with_a_lone_surrogate_keeps_it_escaped(tmp_path):
    src = tmp_path / "s.jsonl"
    src.write_text(SURROGATE_LINE + CLEAN_LINE + '{"text": "\\udc80abc", "id": 3}\n', encoding="utf-8")
    dst, report = tmp_path / "out.jsonl", tmp_path / "report.jsonl"
    summary = fix_jsonl(src, dst, field="text", report=report, steps=STEPS)
    out = dst.read_text(encoding="utf-8").splitlines(keepends=True)
    assert out == [SURROGATE_FIXED, CLEAN_LINE, '{"text": "\\udc80abc", "id": 3}\n']
    assert json.loads(out[0])["text"] == "\ud800" + REPAIRED
    assert summary.changed == 1 and not summary.bad
    (entry,) = [json.loads(line) for line in report.read_text(encoding="utf-8").splitlines()]
    assert entry["line"] == 1


def test_cli_streams_a_lone_surrogate_record_and_its_report(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from zhclean.cli import app

    monkeypatch.chdir(tmp_path)
    (tmp_path / "s.jsonl").write_text(SURROGATE_LINE + CLEAN_LINE, encoding="utf-8")
    result = CliRunner().invoke(app, ["fix", "s.jsonl", "--jsonl-field", "text", "--steps", "html,whitespace", "--report-dir", "rep"])
    assert result.exit_code == 1, result.output
    assert (tmp_path / "s.jsonl").read_text(encoding="utf-8") == SURROGATE_FIXED + CLEAN_LINE
    report = json.loads((tmp_path / "rep" / "s.jsonl.json").read_text(encoding="utf-8"))
    assert {e["record_line"] for e in report["edits"]} == {1}

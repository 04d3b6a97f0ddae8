"""Large files are cleaned block by block with the same result as in one piece."""

import io

from zhclean import fix
from zhclean.io import finalize
from zhclean.large_files import fix_large_file, iter_byte_blocks
from zhclean.pipeline import Pipeline

PARA = "该 区今年以来已成功签约引进产业项目，总投资额达118亿元。</p>"
REPAIRED = "该区今年以来已成功签约引进产业项目，总投资额达118亿元。"
STEPS = ["html", "whitespace"]


def test_blocks_end_at_blank_lines_and_never_start_with_a_newline():
    data = b"aaaa\n\n\n\nbbbb\ncccc\n\ndddd\n"
    blocks = list(iter_byte_blocks(io.BytesIO(data), block_bytes=8))
    assert b"".join(blocks) == data
    assert blocks == [b"aaaa\n\n\n\n", b"bbbb\ncccc\n\n", b"dddd\n"]


def test_blockwise_equals_whole_text(tmp_path):
    # paragraphs separated by runs of blank lines and CRLF, with damage in each
    text = "\r\n".join(f"第{i}段：{PARA}" + ("\r\n\r\n\r\n" if i % 3 == 0 else "") for i in range(200)) + "  "
    src = tmp_path / "big.txt"
    src.write_bytes(text.encode("gb18030"))
    out = tmp_path / "out.txt"
    blocks = []
    pipeline = Pipeline.from_options(steps=STEPS)
    outcome = fix_large_file(src, out, pipeline, on_block=blocks.append, block_bytes=2048)
    whole = finalize(fix(text, steps=STEPS).text)
    assert out.read_text(encoding="utf-8") == whole
    assert f"第7段：{REPAIRED}\n" in whole and "\r" not in whole and "\n\n\n" not in whole
    assert outcome.blocks == len(blocks) > 3
    # block offsets let every edit point into the whole decoded text
    for block in blocks:
        off, result = block.offset, block.result
        for e in result.edits:
            if e.filter in STEPS:  # (tidy's "before" is newline-normalised text)
                assert text[off + e.start : off + e.end] == e.before
    assert outcome.encoding == "gb18030" and outcome.changed
    assert outcome.counts["html"] == 200 and outcome.counts["whitespace"] == 200


def test_unchanged_large_file_is_left_alone(tmp_path):
    src = tmp_path / "clean.txt"
    src.write_text("习近平同卡塔尔埃米尔塔米姆举行会谈。\n" * 5000, encoding="utf-8")
    mtime = src.stat().st_mtime_ns
    outcome = fix_large_file(src, src, Pipeline.from_options(steps=STEPS))
    assert not outcome.changed and src.stat().st_mtime_ns == mtime
    assert [p.name for p in tmp_path.iterdir()] == ["clean.txt"]


def test_runner_streams_large_files_with_whole_file_reports(tmp_path, monkeypatch):
    import json

    from zhclean import large_files, runner
    from zhclean.config import Settings
    from zhclean.report import edits_document

    monkeypatch.setattr(runner, "LARGE_FILE_BYTES", 1000)
    monkeypatch.setattr(large_files, "BLOCK_BYTES", 1500)
    text = "".join(f"第{i}段：{PARA}\r\n" + ("\r\n" if i % 4 == 0 else "") for i in range(60))
    src = tmp_path / "big.txt"
    src.write_bytes(text.encode("utf-8"))
    options = runner.RunOptions(settings=Settings(steps=tuple(STEPS)), report_dir=str(tmp_path / "rep"))
    outcome = runner.process_task(runner.Task(str(src), report_name="big.txt"), options)

    whole = fix(text, steps=STEPS)
    assert outcome.status == "changed" and outcome.counts == {"newlines": 60 + 15, "html": 60, "whitespace": 60}
    assert src.read_text(encoding="utf-8") == finalize(whole.text)
    report = json.loads((tmp_path / "rep" / "big.txt.json").read_text(encoding="utf-8"))
    assert report["blocks"] >= 3
    # every html edit is reported at the same line and column as a whole-file report would give
    expected = [(e["line"], e["column"], e["before"]) for e in edits_document(whole, "big.txt")["edits"] if e["filter"] == "html"]
    got = [(e["line"], e["column"], e["before"]) for e in report["edits"] if e["filter"] == "html"]
    assert got == expected and got[1] == (3, 35, "</p>")  # line 3 (after a blank line), after 4 + 30 characters
    # and so is every edit, line breaks between blocks included
    key = lambda e: (e["line"], e["column"], e["filter"], e["before"])  # noqa: E731
    assert sorted(map(key, report["edits"])) == sorted(map(key, edits_document(whole, "big.txt")["edits"]))
    removed = [ln for ln in (tmp_path / "rep" / "big.txt.diff").read_text(encoding="utf-8").splitlines() if ln.startswith("-第")]
    assert len(removed) == 60
    assert outcome.report.before["han"] == len([c for c in text if "\u4e00" <= c <= "\u9fff"])

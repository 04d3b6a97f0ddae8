"""``zhclean fix`` / ``check`` / ``filters`` as a user runs them.

DIRTY is a hand-made scrape line with a CRLF ending, a PDF column-wrap space
between two Han characters (该 区) and a stray ``</p>``; CLEAN is what it must
become: the space and tag gone, LF, final newline.  Its punctuation is already
full-width so no other filter has a reason to touch it.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from zhclean import runner
from zhclean.cli import app

DIRTY = "该 区今年以来已成功签约引进产业项目，总投资额达118亿元。</p>\r\n"
CLEAN = "该区今年以来已成功签约引进产业项目，总投资额达118亿元。\n"
SRC = Path(__file__).resolve().parent.parent / "src"


def run(*args, input=None):
    return CliRunner().invoke(app, list(args), input=input)


@pytest.fixture
def files(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "dirty.txt").write_bytes(DIRTY.encode("utf-8"))
    (tmp_path / "clean.txt").write_bytes(CLEAN.encode("utf-8"))
    return tmp_path


def test_fix_rewrites_in_place_and_exits_1_then_0(files):
    result = run("fix", "dirty.txt", "clean.txt")
    assert result.exit_code == 1
    assert (files / "dirty.txt").read_bytes() == CLEAN.encode("utf-8")
    assert "fixed dirty.txt: 3 edits" in result.stderr
    assert "unchanged clean.txt" in result.stderr
    again = run("fix", "dirty.txt", "clean.txt")
    assert again.exit_code == 0  # idempotent: nothing left to fix


def test_check_writes_nothing_and_exits_1_when_a_file_would_change(files):
    result = run("fix", "--check", "dirty.txt")
    assert result.exit_code == 1
    assert "would fix dirty.txt" in result.stderr
    assert (files / "dirty.txt").read_bytes() == DIRTY.encode("utf-8")
    assert run("check", "clean.txt").exit_code == 0
    assert run("check", "dirty.txt").exit_code == 1
    assert (files / "dirty.txt").read_bytes() == DIRTY.encode("utf-8")


def test_diff_prints_a_unified_diff_and_writes_nothing(files):
    result = run("fix", "--diff", "dirty.txt")
    assert result.exit_code == 1
    assert "--- dirty.txt\t(original)" in result.stdout
    assert "-该 区今年以来" in result.stdout
    assert "+" + CLEAN in result.stdout
    assert (files / "dirty.txt").read_bytes() == DIRTY.encode("utf-8")


def test_stdout_prints_fixed_text_and_leaves_the_file(files):
    result = run("fix", "--stdout", "dirty.txt", "clean.txt")
    assert result.stdout == CLEAN + CLEAN
    assert (files / "dirty.txt").read_bytes() == DIRTY.encode("utf-8")
    assert result.exit_code == 1


def test_stdin_dash_reads_stdin_and_writes_stdout(files):
    result = run("fix", "-", input=DIRTY.encode("utf-8"))
    assert result.stdout == CLEAN
    assert result.exit_code == 1
    assert run("fix", "-", input=CLEAN.encode("utf-8")).exit_code == 0


def test_output_dir_mirrors_directories_and_leaves_inputs(files):
    (files / "in" / "sub").mkdir(parents=True)
    (files / "in" / "sub" / "a.txt").write_bytes(DIRTY.encode("utf-8"))
    result = run("fix", "-o", "out", "in", "clean.txt")
    assert result.exit_code == 1
    assert (files / "out" / "sub" / "a.txt").read_bytes() == CLEAN.encode("utf-8")
    assert (files / "out" / "clean.txt").read_bytes() == CLEAN.encode("utf-8")
    assert (files / "in" / "sub" / "a.txt").read_bytes() == DIRTY.encode("utf-8")


def test_output_dir_refuses_two_inputs_with_the_same_name(files):
    (files / "other").mkdir()
    (files / "other" / "dirty.txt").write_bytes(b"x\n")
    result = run("fix", "-o", "out", "dirty.txt", "other/dirty.txt")
    assert result.exit_code == 2
    assert "would both be written" in result.stderr
    assert not (files / "out").exists()


def test_directories_are_walked_skipping_hidden_and_binary_files(files):
    tree = files / "tree"
    (tree / "deep").mkdir(parents=True)
    (tree / ".git").mkdir()
    (tree / "deep" / "a.txt").write_bytes(DIRTY.encode("utf-8"))
    (tree / ".git" / "b.txt").write_bytes(DIRTY.encode("utf-8"))
    (tree / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    result = run("fix", "tree")
    assert result.exit_code == 1
    assert (tree / "deep" / "a.txt").read_bytes() == CLEAN.encode("utf-8")
    assert (tree / ".git" / "b.txt").read_bytes() == DIRTY.encode("utf-8")
    assert (tree / "image.txt").read_bytes().startswith(b"\x89PNG")
    assert "skipped tree/image.txt: looks binary" in result.stderr


def test_directory_walks_clean_only_txt_unless_told(files):
    # Chinese punctuation rules would break code and data: "你好" must stay ASCII-quoted in JSON
    tree = files / "repo"
    tree.mkdir()
    (tree / "data.json").write_text('{"title": "中文标题,副标题"}\n', encoding="utf-8")
    (tree / "notes.md").write_bytes(DIRTY.encode("utf-8"))
    (tree / "a.txt").write_bytes(DIRTY.encode("utf-8"))
    assert run("fix", "repo").exit_code == 1
    assert (tree / "data.json").read_text(encoding="utf-8") == '{"title": "中文标题,副标题"}\n'
    assert (tree / "notes.md").read_bytes() == DIRTY.encode("utf-8")
    assert (tree / "a.txt").read_bytes() == CLEAN.encode("utf-8")
    (tree / "b.txt").write_bytes(DIRTY.encode("utf-8"))
    assert run("fix", "--include", "*.md", "repo").exit_code == 1
    assert (tree / "notes.md").read_bytes() == CLEAN.encode("utf-8")
    assert (tree / "b.txt").read_bytes() == CLEAN.encode("utf-8")  # --include adds to *.txt
    # a file named explicitly is always cleaned
    (tree / "extra.text").write_bytes(DIRTY.encode("utf-8"))
    assert run("fix", "repo/extra.text").exit_code == 1
    assert (tree / "extra.text").read_bytes() == CLEAN.encode("utf-8")


def test_drop_boilerplate_flag(files):
    (files / "page.txt").write_text("時政 > 正文\n清晨的阳光漫过小区道路，老人在广场上下棋。\n湘ICP備43100302000113號\n", encoding="utf-8")
    assert run("check", "page.txt").exit_code == 0
    result = run("fix", "--drop-boilerplate", "page.txt")
    assert result.exit_code == 1
    assert (files / "page.txt").read_text(encoding="utf-8") == "清晨的阳光漫过小区道路，老人在广场上下棋。\n"


def test_one_bad_path_does_not_stop_the_others_and_exits_2(files):
    result = run("fix", "missing.txt", "dirty.txt")
    assert result.exit_code == 2
    assert "error: missing.txt: no such file or directory" in result.stderr
    assert (files / "dirty.txt").read_bytes() == CLEAN.encode("utf-8")


def test_binary_file_named_explicitly_is_an_error_and_unchanged(files):
    (files / "blob.bin").write_bytes(b"\x00\x01\x02binary")
    result = run("fix", "blob.bin")
    assert result.exit_code == 2
    assert "error: blob.bin: looks binary (contains NUL bytes)" in result.stderr
    assert (files / "blob.bin").read_bytes() == b"\x00\x01\x02binary"


def test_empty_file_is_unchanged(files):
    (files / "empty.txt").write_bytes(b"")
    assert run("fix", "empty.txt").exit_code == 0
    assert (files / "empty.txt").read_bytes() == b""


def test_gbk_file_is_rewritten_as_utf8(files):
    (files / "gbk.txt").write_bytes(CLEAN.encode("gbk"))
    result = run("fix", "gbk.txt")
    assert result.exit_code == 1
    assert "re-encoded from gb18030 to utf-8" in result.stderr
    assert (files / "gbk.txt").read_bytes() == CLEAN.encode("utf-8")


def test_cr_only_line_endings_become_lf(files):
    (files / "mac.txt").write_bytes("第一行。\r第二行。\r".encode("utf-8"))
    assert run("fix", "mac.txt").exit_code == 1
    assert (files / "mac.txt").read_bytes() == "第一行。\n第二行。\n".encode("utf-8")


def test_steps_and_skip_choose_filters(files):
    only_html = run("fix", "--stdout", "--steps", "html", "dirty.txt")
    assert only_html.stdout == "该 区今年以来已成功签约引进产业项目，总投资额达118亿元。\n"  # space kept
    no_html = run("fix", "--stdout", "--skip", "html,pinyin", "dirty.txt")
    assert no_html.stdout == "该区今年以来已成功签约引进产业项目，总投资额达118亿元。</p>\n"


def test_unknown_filter_is_a_usage_error(files):
    result = run("fix", "--skip", "nope", "dirty.txt")
    assert result.exit_code == 2
    assert "unknown filter(s): nope" in result.stderr
    assert (files / "dirty.txt").read_bytes() == DIRTY.encode("utf-8")


def test_set_passes_typed_filter_options(files):
    (files / "amp.txt").write_bytes("甲&amp;乙\n".encode("utf-8"))
    assert run("fix", "--stdout", "amp.txt").stdout == "甲&乙\n"
    assert run("fix", "--stdout", "--set", "html.entities=false", "amp.txt").stdout == "甲&amp;乙\n"
    bad = run("fix", "--set", "html.entities=maybe", "amp.txt")
    assert bad.exit_code == 2 and "expects true or false" in bad.stderr


def test_to_reaches_the_script_filters_to_option(files, monkeypatch):
    """--to is passed through as the script filter's ``to`` option (a stand-in filter records it)."""
    from dataclasses import dataclass

    from zhclean.pipeline import FILTERS, Filter, Step

    @dataclass(frozen=True)
    class RecordingScript(Filter):
        name = "script"
        summary = "stand-in"
        to: str = "none"

        def apply(self, text):
            return Step(text.replace("该区", f"该区[{self.to}]"))

    monkeypatch.setitem(FILTERS, "script", RecordingScript)
    monkeypatch.setattr(runner, "_PIPELINES", {})  # keep the stand-in out of the per-process pipeline cache
    assert run("fix", "--stdout", "--to", "hans", "clean.txt").stdout.startswith("该区[hans]")


def test_conflicting_outputs_are_a_usage_error(files):
    result = run("fix", "--stdout", "--diff", "dirty.txt")
    assert result.exit_code == 2
    assert "cannot be combined" in result.stderr


def test_jobs_keep_input_order_and_results(files):
    names = []
    for i in range(6):
        name = f"f{i}.txt"
        (files / name).write_bytes((DIRTY if i % 2 else CLEAN).encode("utf-8"))
        names.append(name)
    serial = run("check", *names)
    parallel = run("check", "--jobs", "2", *names)
    assert parallel.exit_code == serial.exit_code == 1
    assert parallel.stderr == serial.stderr
    lines = parallel.stderr.splitlines()
    assert [line.split()[-1] if line.startswith("unchanged") else line.split()[2].rstrip(":") for line in lines[:6]] == names


def test_quiet_prints_only_errors(files):
    assert run("fix", "-q", "dirty.txt").stderr == ""
    assert run("fix", "-q", "missing.txt").stderr.startswith("error: missing.txt")


def test_filters_command_lists_every_filter_in_order():
    from zhclean.pipeline import DEFAULT_ORDER

    result = run("filters")
    listed = [line.split()[0] for line in result.stdout.splitlines() if not line.startswith(" ")]
    assert listed == list(DEFAULT_ORDER)
    assert "--set html.entities=" in result.stdout


def test_help_explains_exit_codes():
    result = run("fix", "--help")
    assert result.exit_code == 0
    assert "Exit codes: 0 nothing needed fixing" in " ".join(result.stdout.split())


def test_unlistable_directory_is_reported_and_others_continue(files, monkeypatch):
    (files / "locked").mkdir()
    real_scandir = os.scandir

    def scandir(path):
        if os.path.basename(path) == "locked":
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    result = run("fix", "locked", "dirty.txt")
    assert result.exit_code == 2
    assert "error: locked: permission denied" in result.stderr
    assert (files / "dirty.txt").read_bytes() == CLEAN.encode("utf-8")


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root can read anything")
def test_real_directory_without_permission(files):
    locked = files / "locked"
    locked.mkdir()
    (locked / "a.txt").write_bytes(DIRTY.encode("utf-8"))
    locked.chmod(0)
    try:
        result = run("fix", "locked", "dirty.txt")
    finally:
        locked.chmod(0o755)
    assert result.exit_code == 2
    assert "permission denied" in result.stderr


# ---------------------------------------------------------------- as a real process: no traceback, ever


def zhclean(*args, cwd, stdin=subprocess.DEVNULL, input=None, preexec_fn=None):
    env = {**os.environ, "PYTHONPATH": str(SRC) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    return subprocess.run(
        [sys.executable, "-m", "zhclean", *args],
        cwd=cwd,
        stdin=None if input is not None else stdin,
        input=input,
        capture_output=True,
        env=env,
        preexec_fn=preexec_fn,
    )


def test_bad_inputs_in_a_real_process(files):
    (files / "blob.bin").write_bytes(b"\x00\x01binary")
    (files / "latin1.txt").write_bytes(b"caf\xe9\n")
    (files / "cut.txt").write_bytes("今年".encode("utf-8")[:-1])
    before = {p.name: p.read_bytes() for p in files.iterdir()}
    proc = zhclean("fix", "missing.txt", "blob.bin", "latin1.txt", "cut.txt", "clean.txt", cwd=files)
    err = proc.stderr.decode("utf-8")
    assert proc.returncode == 2
    assert "Traceback" not in err
    assert "error: missing.txt: no such file or directory" in err
    assert "error: blob.bin: looks binary" in err
    assert "error: latin1.txt: line 1 is not valid UTF-8, GB18030 or Big5" in err
    assert "error: cut.txt: ends in the middle of a UTF-8 character" in err
    assert {p.name: p.read_bytes() for p in files.iterdir()} == before  # nothing written, no temp files


def test_stdin_that_ends_early_or_is_closed(files):
    cut = zhclean("fix", "-", cwd=files, input="今年以来".encode("utf-8")[:-2])
    assert cut.returncode == 2 and cut.stdout == b""
    assert "error: <stdin>: ends in the middle of a UTF-8 character" in cut.stderr.decode()
    empty = zhclean("fix", "-", cwd=files)  # /dev/null: ends at once
    assert empty.returncode == 0 and empty.stdout == b""
    closed = zhclean("fix", "-", cwd=files, stdin=None, preexec_fn=lambda: os.close(0))
    assert closed.returncode == 2
    assert "error: <stdin>: standard input is closed" in closed.stderr.decode()
    assert "Traceback" not in closed.stderr.decode()


def test_to_hans_converts_a_big5_file_end_to_end(tmp_path):
    """Big5 Traditional in, UTF-8 Simplified out; conversions checked by hand (進→进, 漣→涟, 製造→制造 ...)."""
    source = Path(__file__).resolve().parent.parent / "fixtures" / "encodings" / "big5.txt"
    result = run("fix", "--stdout", "--to", "hans", str(source))
    assert result.stdout == "行进在涟水大地，发展的热浪扑面而来。\n巨石集团投资建设全球首个玻璃纤维零碳智能制造基地。\n"
    assert result.exit_code == 1


def test_stdout_says_would_fix_and_stdin_refuses_an_output_dir(files):
    # --stdout prints the text but fixes no file, so it speaks as --check does (audit pass 4)
    result = run("fix", "--stdout", "dirty.txt")
    assert result.exit_code == 1 and result.stdout == CLEAN
    assert "would fix dirty.txt: 3 edits" in result.stderr and "1 file would be fixed" in result.stderr
    assert (files / "dirty.txt").read_bytes() == DIRTY.encode("utf-8")
    refused = run("fix", "-", "-o", "out", input=DIRTY)
    assert refused.exit_code == 2 and "--output-dir does not apply" in refused.output
    assert not (files / "out").exists()


def test_help_does_not_offer_a_value_for_flags():
    # flags take no value (--check=true is an error), so the help must not print <bool> after them
    out = run("fix", "--help").output
    check_line = next(line for line in out.splitlines() if "--check" in line)
    assert "<bool>" not in check_line and "Write nothing" in check_line

"""Interrupting a run (Ctrl-C, a killed process) never leaves a half-written file, and a re-run finishes the job."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

psutil = pytest.importorskip("psutil")

import zhclean  # noqa: E402
from zhclean.io import finalize  # noqa: E402

SRC = Path(__file__).resolve().parent.parent / "src"
PARA = "该 区今年以来已成功签约引进产业项目，总投资额达118亿元。</p>\n"
N_FILES = 240


def _make_corpus(root: Path) -> dict[Path, tuple[bytes, bytes]]:
    """Files that all need fixing; maps each to (original bytes, expected fixed bytes)."""
    root.mkdir()
    expected = {}
    for i in range(N_FILES):
        text = f"第{i}篇\n" + PARA * (1 + i % 7)
        p = root / f"d{i // 100}" / f"{i:04d}.txt"
        p.parent.mkdir(exist_ok=True)
        p.write_text(text, encoding="utf-8")
        fixed = finalize(zhclean.fix_text(text)).encode("utf-8")
        assert fixed != text.encode("utf-8") and "</p>" not in fixed.decode()
        expected[p] = (text.encode("utf-8"), fixed)
    return expected


def _start(*args: str) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(SRC))
    return subprocess.Popen(
        [sys.executable, "-m", "zhclean", "fix", *args, "--quiet"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own process group, like a job in a terminal
        # a job started in the background (nohup, some CI runners) inherits SIGINT
        # ignored, and Python then installs no Ctrl-C handler: give it a terminal's
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )


def _wait_until_some_written(files, proc, done) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        if sum(done(p) for p in files) >= 20:
            return
        time.sleep(0.005)


def _running(processes) -> list:
    """Those of ``processes`` still running (a zombie nobody has reaped yet has finished)."""
    alive = []
    for p in processes:
        try:
            if p.is_running() and p.status() != psutil.STATUS_ZOMBIE:
                alive.append(p)
        except psutil.NoSuchProcess:
            pass
    return alive


def _rerun_completes(root: Path, expected, *args: str) -> None:
    proc = _start(str(root), *args)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode in (0, 1), err.decode()


@pytest.mark.parametrize("how", ["ctrl-c", "sigterm", "kill-all", "kill-worker", "kill-parent"])
def test_interrupted_in_place_run_leaves_whole_files_and_rerun_finishes(tmp_path, how):
    root = tmp_path / "corpus"
    expected = _make_corpus(root)
    # A killed worker is the case a nightly job meets (out of memory): run it with the run cache, as such a job would.
    cache = ["--cache-file", str(tmp_path / "cache.json")] if how == "kill-worker" else []
    proc = _start(str(root), "--jobs", "2", *cache)
    _wait_until_some_written(expected, proc, lambda p: p.read_bytes() == expected[p][1])
    if how == "ctrl-c":
        os.killpg(proc.pid, signal.SIGINT)  # what a terminal sends to the whole job
    elif how == "sigterm":  # sent to the parent only, as `kill PID` does
        workers = psutil.Process(proc.pid).children()
        os.kill(proc.pid, signal.SIGTERM)
    elif how == "kill-all":
        os.killpg(proc.pid, signal.SIGKILL)
    elif how == "kill-parent":  # the parent only, outright: its workers must not run on as orphans
        workers = psutil.Process(proc.pid).children()
        os.kill(proc.pid, signal.SIGKILL)
    else:
        workers = psutil.Process(proc.pid).children()
        if workers:
            os.kill(workers[0].pid, signal.SIGKILL)
    _, err = proc.communicate(timeout=60)
    if how != "kill-all":
        assert b"Traceback" not in err, err.decode()

    # every file is either untouched or completely fixed: nothing half-written
    states = [expected[p].index(p.read_bytes()) for p in expected]  # ValueError if neither
    if proc.returncode not in (0, 1):  # it really was interrupted part way
        assert 0 in states
    if how in ("ctrl-c", "sigterm"):
        assert proc.returncode == 130, err.decode()
        assert not list(root.rglob("*.zhclean-tmp"))
    if how == "sigterm":  # the workers were shut down with the parent, not orphaned
        assert not _running(workers)
    if how == "kill-parent":  # the kernel told them (PR_SET_PDEATHSIG); they drop their file and exit
        assert workers
        deadline = time.monotonic() + 10
        while _running(workers) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not _running(workers)
        assert not list(root.rglob("*.zhclean-tmp"))
    if how == "kill-worker" and proc.returncode == 2:  # the run stops with one clear line, no traceback
        assert b"a worker process died" in err, err.decode()
        assert not list(root.rglob("*.zhclean-tmp"))  # nor the dead worker's unfinished file
        # Progress reported before the death is kept (none, if the dead worker held the first chunk);
        # names are relative to the cache file, and every file it calls done really is.
        cached = tmp_path / "cache.json"
        done = json.loads(cached.read_text(encoding="utf-8"))["files"] if cached.exists() else {}
        assert all(expected[tmp_path / f][1] == (tmp_path / f).read_bytes() for f in done)

    _rerun_completes(root, expected, *cache)
    for p, (_, fixed) in expected.items():
        assert p.read_bytes() == fixed, p
    assert not list(root.rglob("*.zhclean-tmp"))


def test_killed_run_with_output_dir_keeps_originals(tmp_path):
    root = tmp_path / "corpus"
    out = tmp_path / "out"
    expected = _make_corpus(root)
    proc = _start(str(root), "--jobs", "2", "--output-dir", str(out))
    _wait_until_some_written(expected, proc, lambda p: (out / p.relative_to(root)).exists())
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=60)
    for p, (original, fixed) in expected.items():
        assert p.read_bytes() == original
        target = out / p.relative_to(root)
        assert not target.exists() or target.read_bytes() == fixed
    _rerun_completes(root, expected, "--output-dir", str(out))
    for p, (original, fixed) in expected.items():
        assert p.read_bytes() == original
        assert (out / p.relative_to(root)).read_bytes() == fixed
    assert not list(out.rglob("*.zhclean-tmp"))  # what the killed run was writing is swept


def test_sweep_removes_only_temporary_files_of_dead_processes(tmp_path):
    from zhclean.runner import sweep_stale_temps

    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead_pid = int(dead.stdout)
    (tmp_path / "sub").mkdir()
    stale = tmp_path / "sub" / f".a.txt.{dead_pid}.x1y2.zhclean-tmp"
    live = tmp_path / "sub" / f".b.txt.{os.getpid()}.x1y2.zhclean-tmp"  # a run still writing it
    user = tmp_path / "sub" / ".notes.txt"
    for p in (stale, live, user):
        p.write_text("partial", encoding="utf-8")
    assert sweep_stale_temps([str(tmp_path)]) == 1
    assert not stale.exists() and live.exists() and user.exists()
    stale.write_text("partial", encoding="utf-8")
    assert sweep_stale_temps([str(tmp_path / "sub" / "a.txt")]) == 1  # a file: its own directory


def test_ctrl_c_while_the_temporary_file_is_created_leaves_nothing_behind(tmp_path, monkeypatch):
    import tempfile
    import threading

    from zhclean.io import write_bytes_atomic

    real_mkstemp = tempfile.mkstemp

    def mkstemp_then_ctrl_c(*args, **kwargs):
        made = real_mkstemp(*args, **kwargs)
        # Ctrl-C after the file exists, before its name is returned. Sent to this thread, as the kernel
        # does to a single-threaded process (a worker); other tests leave threads (Dask's) that would take it.
        signal.pthread_kill(threading.main_thread().ident, signal.SIGINT)
        return made

    monkeypatch.setattr(tempfile, "mkstemp", mkstemp_then_ctrl_c)
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)  # other tests may have changed it
    try:
        with pytest.raises(KeyboardInterrupt):
            write_bytes_atomic(tmp_path / "out.txt", b"text\n")
    finally:
        signal.signal(signal.SIGINT, previous)
    assert list(tmp_path.iterdir()) == []

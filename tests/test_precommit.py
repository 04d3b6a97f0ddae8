"""The pre-commit hook, run by the real ``pre-commit try-repo`` in a temporary git repository.

pre-commit builds a virtualenv and pip-installs zhclean from a git repository,
so the test copies the package (as it is in this checkout) into a fresh
repository first.  It takes about 20-40 s, most of it pip.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DIRTY = "该 区今年以来已成功签约引进产业项目，总投资额达118亿元。</p>\r\n"
CLEAN = "该区今年以来已成功签约引进产业项目，总投资额达118亿元。\n"

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="pre-commit needs git")


def git(*args, cwd):
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com"}
    subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True)


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory):
    repo = tmp_path_factory.mktemp("hook")
    for name in ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml"):
        shutil.copy(ROOT / name, repo / name)
    shutil.copytree(ROOT / "src", repo / "src", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    git("init", "-q", cwd=repo)
    git("add", "-A", cwd=repo)
    git("commit", "-q", "-m", "zhclean", cwd=repo)
    return repo


def try_repo(hook_repo, work, *files, home):
    env = {**os.environ, "PRE_COMMIT_HOME": str(home)}
    env.pop("PYTHONPATH", None)  # the hook must run from its own installed environment
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(hook_repo), "zhclean", "--files", *files],
        cwd=work, env=env, capture_output=True, text=True, timeout=600,
    )


def test_hook_fixes_a_dirty_file_and_fails_then_passes_clean_files(hook_repo, tmp_path):
    work = tmp_path / "work"
    work.mkdir()
    git("init", "-q", cwd=work)
    (work / "dirty.txt").write_bytes(DIRTY.encode("utf-8"))
    (work / "clean.txt").write_bytes(CLEAN.encode("utf-8"))
    git("add", "-A", cwd=work)
    home = tmp_path / "pre-commit-home"

    dirty = try_repo(hook_repo, work, "dirty.txt", home=home)
    assert dirty.returncode == 1, dirty.stdout + dirty.stderr
    assert "zhclean" in dirty.stdout and "Failed" in dirty.stdout
    assert "files were modified by this hook" in dirty.stdout
    assert (work / "dirty.txt").read_bytes() == CLEAN.encode("utf-8")

    clean = try_repo(hook_repo, work, "clean.txt", "dirty.txt", home=home)  # dirty.txt is fixed now
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "Passed" in clean.stdout
    assert (work / "clean.txt").read_bytes() == CLEAN.encode("utf-8")

"""Resumable runs: a file is skipped only when both its content and the options are unchanged."""

import json

from zhclean.cache import RunCache, content_digest, options_fingerprint
from zhclean.parallel import settings_from_options


def test_fresh_only_for_same_content_and_options(tmp_path):
    cache_file = tmp_path / ".zhclean-cache.json"
    doc = tmp_path / "a.txt"
    doc.write_text("习近平同卡塔尔埃米尔塔米姆举行会谈。\n", encoding="utf-8")
    digest = content_digest(doc.read_bytes())
    default = options_fingerprint(settings_from_options())
    no_html = options_fingerprint(settings_from_options(skip=["html"]))
    assert default != no_html

    with RunCache.open(cache_file, default) as cache:
        assert not cache.is_fresh(doc, digest)
        cache.record(doc, digest)

    # a new run (new process) sees what the last one recorded
    again = RunCache.open(cache_file, default)
    assert again.is_fresh(doc, digest)
    assert again.is_fresh(tmp_path / "sub" / ".." / "a.txt", digest)  # same file, other spelling
    assert not again.is_fresh(doc, content_digest(b"changed\n"))
    # other options: nothing is fresh
    assert not RunCache.open(cache_file, no_html).is_fresh(doc, digest)

    stored = json.loads(cache_file.read_text(encoding="utf-8"))
    assert stored["files"] == {"a.txt": {"digest": digest, "options": default}}


def test_output_settings_change_the_fingerprint():
    spec = settings_from_options()
    assert options_fingerprint(spec, output_dir="out1") != options_fingerprint(spec, output_dir="out2")
    assert options_fingerprint(spec, output_dir="out1") == options_fingerprint(spec, output_dir="out1")


def test_corrupt_cache_is_empty_not_fatal(tmp_path):
    cache_file = tmp_path / ".zhclean-cache.json"
    cache_file.write_text("{half a json", encoding="utf-8")
    cache = RunCache.open(cache_file, "fp")
    assert len(cache) == 0
    cache.record(tmp_path / "x.txt", "d1")
    cache.forget(tmp_path / "x.txt")
    cache.record(tmp_path / "y.txt", "d2")
    cache.save()
    assert json.loads(cache_file.read_text(encoding="utf-8"))["files"] == {"y.txt": {"digest": "d2", "options": "fp"}}
    assert sorted(p.name for p in tmp_path.iterdir()) == [".zhclean-cache.json"]  # no temp file left


def test_cli_cache_skips_unchanged_files_and_redoes_edited_ones(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from zhclean.cli import app

    monkeypatch.chdir(tmp_path)
    damaged = "该 区今年以来已成功签约引进产业项目，总投资额达118亿元。</p>\n"
    for name in ("a", "b", "c"):
        (tmp_path / "docs").mkdir(exist_ok=True)
        (tmp_path / "docs" / f"{name}.txt").write_text(damaged, encoding="utf-8")

    def run(*extra):
        return CliRunner().invoke(app, ["fix", "docs", "--jobs", "1", "--cache", *extra])

    first = run()
    assert first.exit_code == 1 and first.output.count("fixed docs/") == 3, first.output
    assert (tmp_path / ".zhclean-cache.json").exists()
    second = run()
    assert second.exit_code == 0 and second.output.count("(cached)") == 3, second.output
    (tmp_path / "docs" / "b.txt").write_text(damaged, encoding="utf-8")  # edited again
    third = run()
    assert third.exit_code == 1 and "fixed docs/b.txt" in third.output and third.output.count("(cached)") == 2
    # other options: nothing counts as done
    fourth = run("--skip", "html")
    assert "(cached)" not in fourth.output
    # --no-cache (the default) neither reads nor needs the cache
    assert "(cached)" not in CliRunner().invoke(app, ["fix", "docs", "--jobs", "1"]).output

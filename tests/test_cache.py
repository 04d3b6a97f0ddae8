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

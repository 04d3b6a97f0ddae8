"""The punctuation filter's look past marks and spaces stays linear on long runs of them."""

from __future__ import annotations

from zhclean.filters import punctuation


def test_neighbour_jumps_over_a_long_run_of_marks():
    text = "中" + "(" * 300 + " \n" + "," * 100 + "文"
    assert punctuation._neighbour(text, 0, +1) == "文"
    assert punctuation._neighbour(text, 150, +1) == "文"
    assert punctuation._neighbour(text, 150, -1) == "中"
    assert punctuation._neighbour(text, len(text) - 1, -1) == "中"
    assert punctuation._neighbour("(" * 300, 5, +1) == ""
    assert punctuation._neighbour("(" * 300, 250, -1) == ""


def test_runs_of_marks_are_indexed_once_per_text():
    # 20,000 "(" before a Han character took 25 s: every "(" scanned the whole run
    text = "(" * 5000 + "中"
    punctuation._transparent_runs.cache_clear()
    assert all(punctuation._neighbour(text, i, +1) == "中" for i in range(5000))
    assert punctuation._transparent_runs.cache_info().misses == 1

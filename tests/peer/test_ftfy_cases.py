"""ftfy's own test cases (Apache-2.0, see tests/peer/ftfy/NOTICE.md) through zhclean.

zhclean hands Western mojibake to ``ftfy.fix_encoding``, so every case that
ftfy itself passes for ``fix_encoding`` must come out of the mojibake filter
the same way.  Cases ftfy fails, or marks as not expected to pass, are out of
scope and skipped with their reason.
"""

from __future__ import annotations

import json
import pathlib

import ftfy
import pytest

from zhclean.filters.mojibake import Mojibake

CASES = json.loads((pathlib.Path(__file__).parent / "ftfy" / "ftfy_test_cases.json").read_text(encoding="utf-8"))


def _id(case: dict) -> str:
    return case["label"][:60]


@pytest.mark.parametrize("case", CASES, ids=_id)
def test_ftfy_case_through_zhclean(case):
    expected = case.get("fixed-encoding", case["fixed"])
    if case.get("expect") != "pass":
        pytest.skip(f"out of scope: ftfy marks this case {case.get('expect')!r}")
    if ftfy.fix_encoding(case["original"]) != expected:
        pytest.skip("out of scope: ftfy.fix_encoding itself does not pass this case")
    assert Mojibake().apply(case["original"]).text == expected

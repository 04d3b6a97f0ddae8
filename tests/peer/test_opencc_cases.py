"""OpenCC's own conversion tests (Apache-2.0, see opencc/SOURCES.md), run through zhclean.

Every (case, config) pair in ``testcases.json`` is one check: 543 in the copied
file.  Configs are run with the script filter's ``config`` pass-through, inside
a whole zhclean pipeline, so the protection of URLs and code and the required
filters (newlines, tidy) must leave OpenCC's results intact.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import zhclean
from zhclean.filters.script import Script

HERE = Path(__file__).parent / "opencc" / "test"


def _strip_json_extensions(text: str) -> str:
    """Remove ``//`` and ``/* */`` comments and trailing commas outside strings.

    The file is not strict JSON (case_055 has a trailing comma); upstream's
    loaders strip these too.
    """
    out: list[str] = []
    i, n = 0, len(text)
    in_string = False
    while i < n:
        c = text[i]
        if in_string:
            out.append(c)
            if c == "\\":
                out.append(text[i + 1])
                i += 1
            elif c == '"':
                in_string = False
        elif c == '"':
            in_string = True
            out.append(c)
        elif text.startswith("//", i):
            i = text.find("\n", i) - 1 if "\n" in text[i:] else n
        elif text.startswith("/*", i):
            i = text.index("*/", i) + 1
        elif c == ",":
            j = i + 1
            while j < n and text[j] in " \t\r\n":
                j += 1
            if j >= n or text[j] not in "]}":
                out.append(c)
        else:
            out.append(c)
        i += 1
    return "".join(out)


def _checks() -> list[tuple[str, str, str, str]]:
    data = json.loads(_strip_json_extensions((HERE / "testcases" / "testcases.json").read_text("utf-8")))
    return [
        (case["id"], config, case["input"], expected)
        for case in data["cases"]
        for config, expected in case["expected"].items()
    ]


CHECKS = _checks()


def test_the_file_holds_543_checks_in_232_cases():
    assert len(CHECKS) == 543
    assert len({c[0] for c in CHECKS}) == 232


def test_json_extensions_are_stripped_outside_strings_only():
    assert json.loads(_strip_json_extensions('{"a": "x, // y",\n /* c */ "b": [1, 2,],}')) == {"a": "x, // y", "b": [1, 2]}


@pytest.mark.parametrize("case_id,config,text,expected", CHECKS, ids=[f"{c[0]}-{c[1]}" for c in CHECKS])
def test_opencc_case(case_id, config, text, expected):
    assert zhclean.pipeline("script", script_config=config).run(text).text == expected


@pytest.mark.parametrize("config", ["s2t", "s2tw", "s2twp", "s2hk", "s2hkp"])
def test_opencc_golden_document(config):
    source = (HERE / "golden" / "input" / "us_constitution_zhs.txt").read_text("utf-8")
    expected = (HERE / "golden" / "output" / f"us_constitution_zhs.{config}.txt").read_text("utf-8")
    # The filter alone: the pipeline's tidy filter would also collapse the document's blank-line runs.
    assert Script(config=config).apply(source).text == expected

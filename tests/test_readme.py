"""The README's library example runs and prints what its comments say."""

import contextlib
import io
import os
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_readme_python_example_runs(monkeypatch):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    code = re.search(r"```python\n(.*?)```", readme, re.S).group(1)
    monkeypatch.chdir(ROOT)  # the example reads fixtures/encodings/gbk.txt
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, "README.md", "exec"), {})
    lines = out.getvalue().splitlines()
    assert lines[0] == "该区今年以来已成功签约引进产业项目，总投资额达118亿元。"
    assert "该 区今年以来已成功签约引进产业项目，总投资额达118亿元。" in lines
    assert "gb18030 渌口区：“三个聚焦”抓项目" in lines
    assert os.path.exists(ROOT / "fixtures" / "sample.txt")  # the first README command's input

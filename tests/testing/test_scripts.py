"""The benchmark scripts run end to end on a tiny corpus (a smoke test: no figures are checked here)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

ARTICLE_A = "农业农村部召开会议部署春耕生产\n会议强调，各地要抓紧抓实春耕备耕工作，确保粮食播种面积稳定，努力夺取夏粮丰收。会议要求，加强农资调运和供应保障，做好技术指导服务。"
ARTICLE_B = "北京冬奥会场馆建设进展顺利\n记者从北京冬奥组委获悉，延庆赛区的国家高山滑雪中心已经完成主体工程，将于年底前举行测试赛。各场馆的无障碍设施同步建设。"
ARTICLE_T = "梵文\n要探討從梨俱吠陀到波你尼時代梵語的發展，可以考察印度教其它文本，如娑摩吠陀、夜柔吠陀、阿闥婆吠陀、梵書和奧義書。"


def _script(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _corpus(tmp_path: Path) -> Path:
    for folder, name, text in (("rmrb", "a.txt", ARTICLE_A), ("rmrb", "b.txt", ARTICLE_B), ("drcd_wiki", "c.txt", ARTICLE_T)):
        (tmp_path / "corpus" / folder).mkdir(parents=True, exist_ok=True)
        (tmp_path / "corpus" / folder / name).write_text(text, encoding="utf-8")
    return tmp_path / "corpus"


def test_corrupt_writes_damage_and_ground_truth(tmp_path):
    corpus = _corpus(tmp_path)
    out = tmp_path / "out"
    assert _script("corrupt").main(["--corpus", str(corpus), "--mechanism", "halfwidth_punctuation", "--mechanism", "interleave_articles", "--out", str(out)]) == 0
    truth = json.loads((out / "halfwidth_punctuation" / "0000_a.json").read_text(encoding="utf-8"))
    assert truth["clean"] == ARTICLE_A and "," in (out / "halfwidth_punctuation" / "0000_a.txt").read_text(encoding="utf-8")
    page = json.loads(next((out / "interleave_articles").glob("*.json")).read_text(encoding="utf-8"))
    assert {b["article"] for b in page["blocks"]} == {0, 1}


def test_bench_quality_prints_a_table_and_writes_json(tmp_path, capsys):
    corpus = _corpus(tmp_path)
    report = tmp_path / "quality.json"
    args = ["--corpus", str(corpus), "--mechanism", "halfwidth_punctuation", "--mechanism", "column_wrap_ocr", "--json", str(report)]
    assert _script("bench_quality").main(args) == 0
    printed = capsys.readouterr().out
    assert "halfwidth_punctuation" in printed and "Clean corpus" in printed
    rows = json.loads(report.read_text(encoding="utf-8"))["rows"]
    assert {r["mechanism"] for r in rows} == {"halfwidth_punctuation", "column_wrap_ocr"}
    assert all(r["crashes"] == 0 for r in rows)


def test_hash_script_outputs_is_deterministic(tmp_path, capsys):
    folder = _corpus(tmp_path) / "drcd_wiki"
    _script("hash_script_outputs").main([str(folder)])
    first = capsys.readouterr().out
    _script("hash_script_outputs").main([str(folder)])
    assert capsys.readouterr().out == first
    lines = first.strip().split("\n")
    # The Traditional article needs t2s edits for to=hans; one line per target.
    assert len(lines) == 4 and lines[0].startswith("drcd_wiki to=hans:") and not lines[0].startswith("drcd_wiki to=hans: 0 edits")


def test_eval_phaseslip_classifies_every_run(tmp_path, capsys):
    corpus = _corpus(tmp_path)
    assert _script("eval_phaseslip").main(["--corpus", str(corpus), "--limit", "2"]) == 0
    out = capsys.readouterr().out
    assert "phase_slipped_gbk, seed 0:" in out and "restored" in out and "MB/s" in out


def test_eval_phaseslip_oracle_agrees_with_the_filter_at_its_own_margin(tmp_path, capsys):
    """At the filter's default margin (2.0) the trade-off table must give the
    same restored and wrong shares the run classification counted."""
    import re

    corpus = _corpus(tmp_path)
    assert _script("eval_phaseslip").main(["--corpus", str(corpus), "--limit", "2", "--oracle"]) == 0
    out = capsys.readouterr().out
    counted = re.search(r"restored \d+ \(([\d.]+)%\), reported \d+ \([\d.]+%\), wrong \d+ \(([\d.]+)%\)", out)
    row = re.search(r"^\s+2\.0\s+([\d.]+)%\s+([\d.]+)%", out, re.M)
    assert counted and row and "right reading among the candidates" in out
    assert counted.groups() == row.groups()


def test_big5_misses_classifies_every_run(tmp_path, capsys):
    corpus = _corpus(tmp_path)
    assert _script("big5_misses").main(["--corpus", str(corpus), "--seeds", "0", "--limit", "1"]) == 0
    assert "runs," in capsys.readouterr().out

"""[tool.zhclean] in pyproject.toml, and how command-line flags override it."""

import pytest
from typer.testing import CliRunner

from zhclean.cli import app
from zhclean.config import ConfigError, Settings, find_pyproject, load_settings, parse_option, settings_from_table

DIRTY = "该 区今年以来已成功签约引进产业项目，总投资额达118亿元。</p>\n"


def write_project(root, body):
    root.mkdir(parents=True, exist_ok=True)
    (root / "pyproject.toml").write_text(body, encoding="utf-8")


def test_nearest_pyproject_with_a_zhclean_table_wins(tmp_path):
    write_project(tmp_path, '[tool.zhclean]\nskip = ["html"]\n')
    write_project(tmp_path / "pkg", '[project]\nname = "x"\n')  # no [tool.zhclean]: look further up
    (tmp_path / "pkg" / "docs").mkdir()
    assert find_pyproject(tmp_path / "pkg" / "docs") == tmp_path / "pyproject.toml"
    settings = load_settings([str(tmp_path / "pkg" / "docs")])
    assert settings.skip == ("html",)
    assert settings.source == str(tmp_path / "pyproject.toml")


def test_no_pyproject_means_defaults(tmp_path):
    write_project(tmp_path, '[project]\nname = "x"\n')
    assert find_pyproject(tmp_path) is None  # assumes no [tool.zhclean] above the temp directory
    assert load_settings([str(tmp_path)]) == Settings()


def test_filter_tables_become_options():
    settings = settings_from_table({"steps": ["html", "whitespace"], "html": {"entities": False}})
    assert settings.steps == ("html", "whitespace")
    assert settings.options == {"html": {"entities": False}}
    assert [f.name for f in settings.pipeline().filters] == ["newlines", "html", "whitespace", "tidy"]


@pytest.mark.parametrize(
    "table, message",
    [
        ({"colour": "red"}, "unknown key 'colour'"),
        ({"skip": "html"}, "skip must be a list"),
        ({"steps": ["nope"]}, "unknown filter"),
        ({"html": {"nope": 1}}, "has no option"),
        ({"html": {"entities": "no"}}, "entities must be a bool"),
        ({"html": 3}, "must be a table"),
        ({"jobs": "2"}, "jobs must be a non-negative integer"),
        ({"jobs": True}, "jobs must be a non-negative integer"),
        ({"include": "*.md"}, "include must be a list of strings"),
        ({"quiet": "yes"}, "quiet must be a bool"),
    ],
)
def test_bad_settings_are_named(table, message):
    with pytest.raises(ConfigError, match=message):
        settings_from_table(table, source="pyproject.toml")


def test_command_line_overrides_file_settings():
    base = Settings(skip=("html",), options={"html": {"entities": False}})
    merged = base.override(skip=["whitespace"], options={"html": {"entities": True}})
    assert merged.skip == ("whitespace",)
    assert merged.options == {"html": {"entities": True}}
    assert base.override().skip == ("html",)  # no flag: the file's value stays


def test_parse_option_types_values_like_the_default():
    assert parse_option("html.entities=off") == ("html", "entities", False)
    with pytest.raises(ConfigError, match="FILTER.OPTION=VALUE"):
        parse_option("entities=off")
    with pytest.raises(ConfigError, match="unknown filter"):
        parse_option("nope.x=1")


def test_cli_reads_pyproject_and_flags_win(tmp_path, monkeypatch):
    write_project(tmp_path, '[tool.zhclean]\nskip = ["whitespace"]\n\n[tool.zhclean.html]\nentities = false\n')
    (tmp_path / "a.txt").write_text(DIRTY + "甲&amp;乙\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    from_file = CliRunner().invoke(app, ["fix", "--stdout", "a.txt"])
    assert from_file.stdout == "该 区今年以来已成功签约引进产业项目，总投资额达118亿元。\n甲&amp;乙\n"
    overridden = CliRunner().invoke(app, ["fix", "--stdout", "--skip", "pinyin", "--set", "html.entities=true", "a.txt"])
    assert overridden.stdout == "该区今年以来已成功签约引进产业项目，总投资额达118亿元。\n甲&乙\n"


def test_cli_reports_a_broken_pyproject_as_usage_error(tmp_path, monkeypatch):
    write_project(tmp_path, '[tool.zhclean]\nskip = ["nope"]\n')
    (tmp_path / "a.txt").write_text(DIRTY, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["fix", "a.txt"])
    assert result.exit_code == 2
    assert "unknown filter(s): nope" in result.stderr and "pyproject.toml" in result.stderr
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == DIRTY


def test_run_options_and_shorthands_from_the_file():
    settings = settings_from_table({"jobs": 1, "include": ["*.md"], "quiet": True, "to": "hans",
                                    "drop-boilerplate": True, "layout": {"drop_boilerplate": False}})
    assert dict(settings.run) == {"jobs": 1, "include": ["*.md"], "quiet": True}
    # shorthands are filter options, and the filter's own table wins over them
    assert settings.options == {"script": {"to": "hans"}, "layout": {"drop_boilerplate": False}}


def test_cli_takes_run_options_from_pyproject_unless_given(tmp_path, monkeypatch):
    # as black and ruff do: include and quiet set in the file apply to a directory run;
    # a flag on the command line wins
    write_project(tmp_path, '[tool.zhclean]\ninclude = ["*.md"]\nquiet = true\njobs = 1\n')
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.md").write_text(DIRTY, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["fix", "--check", "docs"])
    assert result.exit_code == 1 and result.stderr == ""  # the .md file was read; quiet from the file
    loud = CliRunner().invoke(app, ["check", "docs", "--jobs", "1"])
    assert loud.exit_code == 1 and loud.stderr == ""

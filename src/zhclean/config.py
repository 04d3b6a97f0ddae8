"""Settings: which filters run and with what options, from pyproject.toml and the command line.

``[tool.zhclean]`` in the nearest ``pyproject.toml`` that has one (searched
upwards from the files being fixed, like ruff) gives project defaults::

    [tool.zhclean]
    skip = ["layout"]          # or: steps = ["html", "whitespace"]
    to = "hans"                # command-line options too, spelt with _ (see RUN_OPTIONS)
    include = ["*.md"]

    [tool.zhclean.layout]      # one table per filter; keys are that filter's options
    drop_boilerplate = true

Command-line flags override the file: ``--steps``/``--skip`` replace the
file's lists, a filter option given on the command line replaces the same
option from the file, and a run option given on the command line wins over
the file's.
"""

from __future__ import annotations

import dataclasses
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

from .pipeline import Pipeline, available_filters, filter_options


#: Command-line options ``[tool.zhclean]`` may set too, as black and ruff allow, with their
#: TOML type.  ``to`` and ``drop_boilerplate`` are shorthands for filter options (as on the
#: command line); the others shape the run (see ``zhclean fix --help``).
RUN_OPTIONS: dict[str, type] = {"jobs": int, "include": list, "quiet": bool, "jsonl_field": str, "cache": bool}
_SHORTHANDS = {"to": ("script", "to", str), "drop_boilerplate": ("layout", "drop_boilerplate", bool)}


class ConfigError(Exception):
    """A setting that names an unknown filter or option, or has a value of the wrong type."""


@dataclass(frozen=True)
class Settings:
    """Everything needed to build the pipeline; plain data so it can cross process boundaries."""

    steps: tuple[str, ...] | None = None
    skip: tuple[str, ...] = ()
    options: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    source: str | None = None  # the pyproject.toml the settings came from, for error messages
    run: Mapping[str, Any] = field(default_factory=dict)  # RUN_OPTIONS the file sets

    def pipeline(self) -> Pipeline:
        try:
            return Pipeline.from_options(steps=self.steps, skip=self.skip, options=self.options)
        except (ValueError, TypeError) as exc:
            where = f" (settings from {self.source})" if self.source else ""
            raise ConfigError(f"{exc}{where}") from None

    def override(
        self,
        steps: Sequence[str] | None = None,
        skip: Sequence[str] | None = None,
        options: Mapping[str, Mapping[str, Any]] | None = None,
    ) -> "Settings":
        """These settings with command-line values taking precedence."""
        merged = {name: dict(opts) for name, opts in self.options.items()}
        for name, opts in (options or {}).items():
            merged.setdefault(name, {}).update(opts)
        return Settings(
            steps=tuple(steps) if steps else self.steps,
            skip=tuple(skip) if skip is not None else self.skip,
            options=merged,
            source=self.source,
            run=self.run,
        )


def find_pyproject(start: str | os.PathLike[str]) -> Path | None:
    """The nearest ``pyproject.toml`` at or above ``start`` that has a ``[tool.zhclean]`` table."""
    here = Path(start).resolve()
    if not here.is_dir():
        here = here.parent
    for directory in (here, *here.parents):
        candidate = directory / "pyproject.toml"
        if candidate.is_file() and "zhclean" in _read_toml(candidate).get("tool", {}):
            return candidate
    return None


def load_settings(paths: Iterable[str] = ()) -> Settings:
    """Settings from the ``pyproject.toml`` nearest to the common directory of ``paths`` (or the cwd)."""
    real = [p for p in paths if p != "-"]
    try:
        start = os.path.commonpath([os.path.abspath(p) for p in real]) if real else os.getcwd()
    except ValueError:  # paths on different drives
        start = os.getcwd()
    pyproject = find_pyproject(start)
    if pyproject is None:
        return Settings()
    return settings_from_table(_read_toml(pyproject)["tool"]["zhclean"], source=str(pyproject))


def settings_from_table(table: Mapping[str, Any], source: str | None = None) -> Settings:
    """Validate a ``[tool.zhclean]`` table and turn it into :class:`Settings`."""
    where = f" in {source}" if source else ""
    registry = available_filters()
    steps = skip = None
    options: dict[str, dict[str, Any]] = {}
    run: dict[str, Any] = {}
    for key, value in table.items():
        if key.replace("-", "_") in RUN_OPTIONS or key.replace("-", "_") in _SHORTHANDS:
            key = key.replace("-", "_")
            expected = RUN_OPTIONS.get(key) or _SHORTHANDS[key][2]
            ok = isinstance(value, expected) and isinstance(value, bool) == (expected is bool)
            if expected is list:
                ok = ok and all(isinstance(v, str) for v in value)
            if expected is int:
                ok = ok and value >= 0
            if not ok:
                what = "a list of strings" if expected is list else "a non-negative integer" if expected is int else f"a {expected.__name__}"
                raise ConfigError(f"[tool.zhclean] {key} must be {what}, got {value!r}{where}")
            if key in _SHORTHANDS:
                filter_name, option, _ = _SHORTHANDS[key]
                options.setdefault(filter_name, {}).setdefault(option, value)
            else:
                run[key] = value
        elif key in ("steps", "skip"):
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise ConfigError(f"[tool.zhclean] {key} must be a list of filter names{where}")
            if key == "steps":
                steps = tuple(value)
            else:
                skip = tuple(value)
        elif key in registry:
            if not isinstance(value, dict):
                raise ConfigError(f"[tool.zhclean.{key}] must be a table of options{where}")
            options[key] = {**options.get(key, {}), **{k.replace("-", "_"): v for k, v in value.items()}}
            _check_types(key, options[key], where)
        else:
            known = ", ".join(["steps", "skip", *RUN_OPTIONS, *_SHORTHANDS])
            raise ConfigError(
                f"unknown key {key!r} in [tool.zhclean]{where}; expected {known} or a filter name ({', '.join(registry)})"
            )
    settings = Settings(steps=steps, skip=skip or (), options=options, source=source, run=run)
    settings.pipeline()  # fail now, with the file named, rather than on the first input
    return settings


def _check_types(filter_name: str, options: Mapping[str, Any], where: str) -> None:
    fields = filter_options(filter_name)
    for option, value in options.items():
        default = fields[option].default if option in fields else None
        if default is None or default is dataclasses.MISSING:
            continue  # unknown options are reported by Pipeline.from_options
        expected = type(default)
        if expected is float and isinstance(value, int) and not isinstance(value, bool):
            continue  # TOML writes 1 for 1.0
        if isinstance(value, bool) != (expected is bool) or not isinstance(value, expected):
            raise ConfigError(
                f"[tool.zhclean.{filter_name}] {option} must be a {expected.__name__}, got {value!r}{where}"
            )


def parse_option(assignment: str) -> tuple[str, str, Any]:
    """Parse a ``FILTER.OPTION=VALUE`` command-line assignment, typed like the option's default."""
    name_part, sep, raw = assignment.partition("=")
    filter_name, dot, option = name_part.strip().partition(".")
    if not sep or not dot or not filter_name or not option:
        raise ConfigError(f"--set expects FILTER.OPTION=VALUE, got {assignment!r}")
    option = option.replace("-", "_")
    known = available_filters()
    if filter_name not in known:
        raise ConfigError(f"unknown filter {filter_name!r} in --set; known: {', '.join(known)}")
    fields = filter_options(filter_name)
    if option not in fields:
        raise ConfigError(f"filter {filter_name!r} has no option {option!r}; it has: {', '.join(fields) or 'none'}")
    return filter_name, option, _coerce(raw.strip(), fields[option].default, f"{filter_name}.{option}")


def _coerce(raw: str, default: Any, label: str) -> Any:
    if isinstance(default, bool):
        lowered = raw.lower()
        if lowered in ("true", "yes", "on", "1"):
            return True
        if lowered in ("false", "no", "off", "0"):
            return False
        raise ConfigError(f"{label} expects true or false, got {raw!r}")
    if isinstance(default, (int, float)):
        try:
            return type(default)(raw)
        except ValueError:
            raise ConfigError(f"{label} expects a {type(default).__name__}, got {raw!r}") from None
    return raw


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with open(path, "rb") as fh:
            return tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"cannot read {path}: {exc}") from None

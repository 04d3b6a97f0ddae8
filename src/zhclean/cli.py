"""The ``zhclean`` command line: a thin shell over :mod:`zhclean`'s library calls."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import List, Optional

import typer

from . import fix, fix_file
from .io import InputError, finalize, write_text_atomic

app = typer.Typer(add_completion=False, help="Repair damaged Chinese text and report every change.")


@app.command("fix")
def fix_command(
    paths: List[str] = typer.Argument(..., help="Files to fix in place, or - for stdin."),
    stdout: bool = typer.Option(False, "--stdout", help="Write the fixed text to stdout instead of in place."),
) -> None:
    """Fix files in place (like black/ruff format)."""
    exit_code = 0
    for p in paths:
        try:
            if p == "-":
                text = sys.stdin.read()
                sys.stdout.write(finalize(fix(text).text))
                continue
            result = fix_file(p)
        except InputError as exc:
            typer.echo(f"zhclean: {p}: {exc}", err=True)
            exit_code = 2
            continue
        if stdout:
            sys.stdout.write(result.text)
        elif result.changed:
            write_text_atomic(Path(p), result.text)
            exit_code = max(exit_code, 1)
    raise typer.Exit(exit_code)


@app.callback()
def _root() -> None:
    """zhclean repairs mojibake, inline pinyin, broken layout and interleaved articles in Chinese text."""


def main(argv: Optional[List[str]] = None) -> None:
    app(args=argv, prog_name="zhclean")

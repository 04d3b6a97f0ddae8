"""What ``zhclean split`` and ``zhclean fix --split-articles`` do, as plain functions.

The typer commands in :mod:`zhclean.cli` only read the input and call these.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable

from ..io import InputError, decode_bytes, finalize, read_text, write_text_atomic
from ..report import unified_diff
from ..runner import Outcome, Task
from .split import SplitResult, split_document

#: The line that separates articles in ``zhclean fix --split-articles`` output.
MARKER = "==== zhclean article {number}/{total} ===="
#: …and the one before text that belongs to no article (symbols only).
UNPLACED_MARKER = "==== zhclean unplaced ===="


def split_index(
    text: str, source: str | None = None, result: SplitResult | None = None, clean: Callable[[str], str] | None = None
) -> dict[str, Any]:
    """The index: each article's headline, byline, text and source fragments; unplaced text; unsure links.

    Articles are split from the text as read, and their text is the input's
    own characters (``fixed`` false).  With ``clean`` (``zhclean split --fix``),
    each article's text, headline, byline and kicker are then repaired on
    their own; fragments still give the input as read, so they can be found in it.
    """
    result = result if result is not None else split_document(text)
    index = result.to_dict()
    for number, article in enumerate(index["articles"], 1):
        article["file"] = f"{number:02d}.txt"
        if clean is not None:
            for key in ("text", "headline", "byline", "kicker"):
                if article[key]:
                    article[key] = clean(article[key])
    index["source"] = source
    index["fixed"] = clean is not None
    return index


def split_to_json(text: str, source: str | None = None, clean: Callable[[str], str] | None = None) -> str:
    """``zhclean split FILE --format json``: the index as JSON text."""
    return json.dumps(split_index(text, source, clean=clean), ensure_ascii=False, indent=2) + "\n"


def split_to_dir(text: str, out_dir: str | Path, source: str | None = None, clean: Callable[[str], str] | None = None) -> list[Path]:
    """``zhclean split FILE -o DIR``: write ``01.txt``, ``02.txt``, … and ``index.json``; return the paths."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    index = split_index(text, source, clean=clean)
    written = []
    for article in index["articles"]:
        path = out / article["file"]
        write_text_atomic(path, article["text"].rstrip("\n") + "\n")
        written.append(path)
    path = out / "index.json"
    write_text_atomic(path, json.dumps(index, ensure_ascii=False, indent=2) + "\n")
    written.append(path)
    return written


def render_split_articles(text: str, clean: Callable[[str], str] | None = None, result: SplitResult | None = None) -> str:
    """``zhclean fix --split-articles``: the articles one after another, each after a marker line.

    The split runs on the text as given (its spaces and line breaks are the
    evidence); ``clean``, if given, then repairs each article on its own.
    """
    result = result if result is not None else split_document(text)
    articles = result.articles
    parts = []
    for number, article in enumerate(articles, 1):
        body = article.text
        if clean is not None:
            body = clean(body)
        parts.append(MARKER.format(number=number, total=len(articles)) + "\n" + body.strip("\n"))
    if result.unplaced:
        # Nothing is dropped: text that belongs to no article comes last.
        parts.append(UNPLACED_MARKER + "\n" + "\n".join(f.text for f in result.unplaced))
    return "\n\n".join(parts) + "\n" if parts else ""


def fix_split_files(
    tasks: Iterable[Task | Outcome],
    clean: Callable[[str], str] | None,
    *,
    stdout: bool = False,
    check: bool = False,
    read_stdin: Callable[[], bytes] | None = None,
    write_stdout: Callable[[str], None] | None = None,
    report_error: Callable[[str, str], None] | None = None,
    report_note: Callable[[str], None] | None = None,
    report_dir: str | None = None,
) -> int:
    """``zhclean fix --split-articles``: each input rewritten as its articles, one after another.

    ``tasks`` come from :func:`zhclean.runner.iter_tasks`, which walks
    directories and names each input's output file when there is an output
    directory.  Writes in place (or to the task's output, or to stdout), or
    with ``check`` only reports.  Per input, ``report_note`` gets a summary line
    and one line per join the splitter is unsure of (for a person to check);
    with ``report_dir``, the full index (:func:`split_index`) is written
    there as ``NAME.articles.json``, with ``NAME.diff`` of what the input became.  Returns the exit code: 0 nothing changed, 1 some
    input changed (or would), 2 some input could not be read.
    """
    code = 0
    tally = {True: 0, False: 0}  # inputs changed, unchanged
    for task in tasks:
        if isinstance(task, Outcome):  # a path that does not exist, a directory that cannot be listed
            if report_error:
                report_error(task.path, task.message)
            code = 2
            continue
        path = task.path
        try:
            text = decode_bytes(read_stdin()).text if path == "-" and read_stdin else read_text(path).text
        except InputError as exc:
            if exc.kind == "binary" and task.found_by_walk:
                continue  # as plain fix does: a binary file met in a directory is not an input
            if report_error:
                report_error(path, str(exc))
            code = 2
            continue
        result = split_document(text)
        out = finalize(render_split_articles(text, clean, result))
        if report_note:
            for line in report_lines(path, result):
                report_note(line)
        if report_dir:
            source = None if path == "-" else path
            index = json.dumps(split_index(text, source, result), ensure_ascii=False, indent=2) + "\n"
            base = Path(report_dir) / (task.report_name or Path(path).name)
            base.parent.mkdir(parents=True, exist_ok=True)
            write_text_atomic(base.with_name(base.name + ".articles.json"), index)
            # what the input became, as plain fix's report gives it
            write_text_atomic(base.with_name(base.name + ".diff"), unified_diff(text, out, "stdin" if path == "-" else path))
        changed = out != text
        tally[changed] += 1
        if changed:
            code = max(code, 1)
        if check:
            continue
        if stdout or path == "-":
            if write_stdout:
                write_stdout(out)
        elif task.output:
            Path(task.output).parent.mkdir(parents=True, exist_ok=True)
            write_text_atomic(task.output, out)
        elif changed:
            write_text_atomic(path, out)
    if report_note:
        verb = "would be split" if check or stdout else "split"
        report_note(f"{tally[True]} file{'s' if tally[True] != 1 else ''} {verb} into articles, {tally[False]} unchanged.")
    return code


def report_lines(path: str, result: SplitResult) -> list[str]:
    """What ``fix --split-articles`` says about one input: its articles, then each join to check."""
    n = len(result.uncertain)
    lines = [f"{path}: {len(result.articles)} article(s); {n} join(s) to check" if n else f"{path}: {len(result.articles)} article(s)"]
    for link in result.uncertain:
        a, b = link.before, link.after
        lines.append(
            f"  check: line {b.line + 1} col {b.col + 1} ({_clip(b.text)}) after line {a.line + 1} col {a.col + 1} ({_clip(a.text)}): {link.reason}"
        )
    return lines


def _clip(text: str, size: int = 8) -> str:
    return text if len(text) <= size else text[:size] + "…"


def split_command(
    path: str,
    out_dir: str | None,
    fmt: str,
    read_stdin: Callable[[], bytes] | None = None,
    clean: Callable[[str], str] | None = None,
) -> str | None:
    """``zhclean split FILE [-o DIR] [--format json] [--fix]``: the JSON text to print, or None when files were written."""
    text = decode_bytes(read_stdin()).text if path == "-" and read_stdin else read_text(path).text
    source = None if path == "-" else path
    if fmt == "json" or out_dir is None:
        return split_to_json(text, source, clean)
    split_to_dir(text, out_dir, source, clean)
    return None


@dataclass
class SplitOutcome:
    """What splitting one of many inputs did; small and picklable (it comes back from a worker process)."""

    path: str
    articles: int = 0
    directory: str | None = None  # where its articles and index.json were written
    index_json: str | None = None  # or its index as one line of JSON
    error: str | None = None


def split_one(path: str, directory: str | None, clean: Callable[[str], str] | None = None) -> SplitOutcome:
    """``zhclean split`` of one of many inputs: into ``directory``, or (``None``) as a one-line JSON index.

    Never raises for a bad input: the reason comes back in ``error`` and the
    other inputs go on.
    """
    try:
        text = read_text(path).text
        if directory is None:
            index = split_index(text, path, clean=clean)
            return SplitOutcome(path, len(index["articles"]), index_json=json.dumps(index, ensure_ascii=False))
        written = split_to_dir(text, directory, path, clean)
        return SplitOutcome(path, len(written) - 1, directory=str(directory))  # all but index.json
    except InputError as exc:
        return SplitOutcome(path, error=str(exc))
    except OSError as exc:
        return SplitOutcome(path, error=f"cannot write: {exc.strerror or exc}")
    except Exception as exc:  # a bug must not stop the other inputs
        return SplitOutcome(path, error=f"internal error ({type(exc).__name__}: {exc}); please report it")

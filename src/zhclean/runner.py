"""Turning paths into work and work into outcomes: the file handling behind ``zhclean fix``.

The command line, the pre-commit hook and the Dask job all go through here, so
every front end finds files, decodes them, writes results and reports failures
the same way.  :func:`process_task` never raises for a bad input: one
unreadable file becomes an ``error`` outcome and the run goes on.
"""

from __future__ import annotations

import fnmatch
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator, Literal

from .cache import content_digest
from .config import Settings
from .io import TEMP_SUFFIX, InputError, decode_bytes, finalize, read_bytes, remove_stale_temp, write_bytes_atomic
from .pipeline import Edit, Pipeline, Result

#: Files at least this big are cleaned in blocks (zhclean.streaming) instead of in one piece.
LARGE_FILE_BYTES = 32 * 1024 * 1024

Status = Literal["unchanged", "changed", "error", "skipped", "cached"]


@dataclass(frozen=True)
class Task:
    """One input: a file found on disk, or ``-`` for standard input."""

    path: str
    output: str | None = None  # where to write the result when not rewriting in place
    report_name: str | None = None  # relative name for this input's files in the report directory
    found_by_walk: bool = False  # binary files met while walking a directory are skipped quietly
    known_digest: str | None = None  # content hash the run cache recorded; the same content is not redone

    @property
    def display(self) -> str:
        return "<stdin>" if self.path == "-" else self.path


@dataclass(frozen=True)
class RunOptions:
    """What to do with each result.  Plain data, so it can be sent to worker processes."""

    settings: Settings = field(default_factory=Settings)
    write: Literal["in-place", "output", "none"] = "in-place"
    want_text: bool = False  # return the fixed text of files too (``--stdout``), not only of stdin
    want_diff: bool = False
    report_dir: str | None = None
    jsonl_field: str | None = None  # clean this field of each record of *.jsonl files
    digests: bool = False  # return the content hash of each file as left on disk (for the run cache)


@dataclass
class Outcome:
    """What happened to one input; small and picklable."""

    path: str
    status: Status
    message: str | None = None  # the reason, for errors and skips
    encoding: str | None = None
    counts: dict[str, int] = field(default_factory=dict)
    notices: int = 0
    text: str | None = None
    diff: str | None = None
    report: Any = None  # report.FileSummary when a report directory was requested
    digest: str | None = None  # content hash of the file as left on disk, with ``RunOptions.digests``

    @property
    def display(self) -> str:
        return "<stdin>" if self.path == "-" else self.path

    @property
    def exit_code(self) -> int:
        return {"unchanged": 0, "skipped": 0, "cached": 0, "changed": 1, "error": 2}[self.status]


# ---------------------------------------------------------------- finding files


#: File names a directory walk cleans unless told otherwise.  Only plain text:
#: source code, JSON, TSV or Markdown in the same tree would be damaged by
#: Chinese punctuation rules (``"`` becoming ``“``), so they are opt-in.
DEFAULT_INCLUDE = ("*.txt",)


def iter_tasks(
    paths: Iterable[str],
    *,
    output_dir: str | None = None,
    exclude: Iterable[str] = (),
    include: Iterable[str] = DEFAULT_INCLUDE,
) -> Iterator[Task | Outcome]:
    """Expand ``paths`` into tasks, walking directories recursively and lazily.

    Files found by walking a directory are cleaned only when their name
    matches an ``include`` glob; files named explicitly are always cleaned.

    Hidden files and directories (``.git``, ``.venv``) are not entered, nor are
    symbolic links to directories (they can loop) or ``exclude`` (the output and
    report directories, so a second run does not clean its own reports).  A
    path that does not exist or a directory that cannot be listed yields an
    ``error`` :class:`Outcome` in its place; the walk goes on.
    """
    excluded = {os.path.realpath(p) for p in exclude}
    for given in paths:
        if given == "-":
            yield Task("-", report_name="stdin")
            continue
        if os.path.isdir(given):
            yield from _walk(given, given, output_dir, excluded, tuple(include))
        elif os.path.lexists(given):
            yield Task(given, _output_for(given, None, output_dir), _report_name(given))
        else:
            yield Outcome(given, "error", "no such file or directory")


def _walk(
    root: str, directory: str, output_dir: str | None, excluded: set[str], include: tuple[str, ...]
) -> Iterator[Task | Outcome]:
    real_directory = os.path.realpath(directory)
    if real_directory in excluded:
        return
    try:
        with os.scandir(directory) as it:
            entries = sorted(it, key=lambda e: e.name)
    except PermissionError:
        yield Outcome(directory, "error", "permission denied (cannot list directory)")
        return
    except OSError as exc:
        yield Outcome(directory, "error", exc.strerror or str(exc))
        return
    for entry in entries:
        if entry.name.startswith("."):
            remove_stale_temp(entry.path)  # left by a killed run; never a user's file
            continue
        path = os.path.normpath(entry.path)  # "in/a.txt", not "./in/a.txt"
        try:
            if entry.is_dir(follow_symlinks=False):
                yield from _walk(root, path, output_dir, excluded, include)
            elif (
                entry.is_file()
                and any(fnmatch.fnmatch(entry.name, pattern) for pattern in include)
                # realpath costs a system call per path component: only a symlink needs it
                and (os.path.realpath(path) if entry.is_symlink() else os.path.join(real_directory, entry.name)) not in excluded
            ):
                yield Task(path, _output_for(path, root, output_dir), _report_name(path), found_by_walk=True)
        except OSError as exc:
            yield Outcome(path, "error", exc.strerror or str(exc))


def sweep_stale_temps(paths: Iterable[str], *, own: bool = False) -> int:
    """Delete the temporary files killed runs left in or beside ``paths``; return how many.

    The walk does this for the trees it cleans in place; an output directory
    is not walked (it is excluded), so the command line sweeps it at the
    start of a run, and sweeps everything after a worker died or the run was
    interrupted.  A file path has its own directory swept, not recursively.
    ``own`` also deletes this process's temporary files: only for a caller
    that has stopped writing.
    """
    mine = f".{os.getpid()}."
    removed = 0
    for path in paths:
        if os.path.isdir(path):
            tops: Iterable[tuple[str, list[str]]] = _visible_tree(path)
        elif path != "-":
            parent = os.path.dirname(path) or "."
            try:
                tops = [(parent, os.listdir(parent))]
            except OSError:  # gone or unreadable: nothing of ours to sweep there
                continue
        else:
            continue
        for directory, names in tops:
            for name in names:
                if not name.startswith("."):
                    continue
                path_of_temp = os.path.join(directory, name)
                if own and mine in name and name.endswith(TEMP_SUFFIX):
                    removed += _unlink(path_of_temp)
                else:
                    removed += remove_stale_temp(path_of_temp)
    return removed


def _unlink(path: str) -> bool:
    try:
        os.unlink(path)
    except OSError:
        return False
    return True


def _visible_tree(root: str) -> Iterator[tuple[str, list[str]]]:
    """(directory, file names) under ``root``, not entering hidden directories, as the walk does."""
    for directory, subdirs, names in os.walk(root):
        subdirs[:] = [d for d in subdirs if not d.startswith(".")]
        yield directory, names


def _output_for(path: str, root: str | None, output_dir: str | None) -> str | None:
    if output_dir is None:
        return None
    relative = os.path.relpath(path, root) if root is not None else os.path.basename(path)
    return os.path.join(output_dir, relative)


def _report_name(path: str) -> str:
    """A relative name that mirrors ``path`` and cannot escape the report directory."""
    absolute = os.path.abspath(path)
    cwd = os.getcwd()
    relative = os.path.relpath(absolute, cwd) if absolute.startswith(cwd + os.sep) else absolute.lstrip("/\\")
    parts = [p if p not in ("..", ".", "") else "__" for p in Path(relative).parts]
    return os.path.join(*parts) if parts else "input"


# ---------------------------------------------------------------- cleaning

_PIPELINES: dict[str, Pipeline] = {}


def pipeline_for(settings: Settings) -> Pipeline:
    """One pipeline per settings per process (worker processes build their own)."""
    key = repr((settings.steps, settings.skip, sorted((k, sorted(v.items())) for k, v in settings.options.items())))
    if key not in _PIPELINES:
        _PIPELINES[key] = settings.pipeline()
    return _PIPELINES[key]


def warm_up(settings: Settings) -> None:
    """Build the pipeline and load the filters' lazy tables now, before work is split between processes."""
    from .lang.samples import WARM_UP_TEXT

    pipeline_for(settings).run(WARM_UP_TEXT)


def fix_decoded(text: str, settings: Settings) -> Result:
    """Run the pipeline over decoded file text and apply the file output contract."""
    return finish_file_text(pipeline_for(settings).run(text))


def finish_file_text(result: Result) -> Result:
    """Give ``result.text`` its final newline, recorded as an edit so reports explain it."""
    final = finalize(result.text)
    if final != result.text:
        end = len(result.original)
        result.edits.append(Edit(end, end, "", "\n", "tidy", "add final newline"))
        result.text = final
    return result


def process_task(task: Task, options: RunOptions) -> Outcome:
    """Read, clean and write one file; every failure becomes an ``error`` outcome."""
    if task.path != "-" and (options.jsonl_field or _size(task.path) >= LARGE_FILE_BYTES):
        # JSON Lines and very large files are streamed, never read whole (see zhclean.streaming).
        from .streaming import process_streamed

        outcome = process_streamed(task, options)
        if outcome is not None:
            return outcome
    try:
        data = read_bytes(task.path)
    except InputError as exc:
        return Outcome(task.path, "error", str(exc))
    return process_bytes(task, data, options)


def _size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0


def process_bytes(task: Task, data: bytes, options: RunOptions) -> Outcome:
    """Clean ``data`` (the bytes of ``task``) and write or return the result as ``options`` say."""
    try:
        return _process(task, data, options)
    except InputError as exc:
        if exc.kind == "binary" and task.found_by_walk:
            return Outcome(task.path, "skipped", str(exc))
        return Outcome(task.path, "error", str(exc))
    except OSError as exc:
        return Outcome(task.path, "error", f"cannot write: {exc.strerror or exc}")
    except MemoryError:
        return Outcome(task.path, "error", "out of memory")
    except Exception as exc:  # a bug in a filter must not stop the other files
        return Outcome(task.path, "error", f"internal error ({type(exc).__name__}: {exc}); please report it")


def _process(task: Task, data: bytes, options: RunOptions) -> Outcome:
    digest = content_digest(data) if options.digests or task.known_digest else None
    if digest is not None and digest == task.known_digest and (options.write != "output" or os.path.exists(task.output or "")):
        return Outcome(task.path, "cached", "unchanged since the last run", digest=digest)
    decoded = decode_bytes(data)
    result = fix_decoded(decoded.text, options.settings)
    result.encoding = decoded.encoding
    fixed = result.text.encode("utf-8")
    changed = fixed != data
    if options.write == "in-place" and task.path != "-" and changed:
        target = os.path.realpath(task.path)  # rewrite a symlink's target, not the link
        if not os.access(target, os.W_OK):
            raise InputError("file is read-only; not rewritten")
        write_bytes_atomic(target, fixed)
    elif options.write == "output" and task.path != "-":
        write_bytes_atomic(task.output or task.path, fixed)
    outcome = Outcome(
        task.path,
        "changed" if changed else "unchanged",
        encoding=decoded.encoding,
        counts=dict(result.counts),
        notices=len(result.notices),
    )
    if digest is not None and (options.write != "none" or not changed):
        outcome.digest = content_digest(fixed) if options.write == "in-place" else digest
    if options.want_text or task.path == "-":  # standard input always answers on standard output
        outcome.text = result.text
    if options.want_diff:
        from .report import unified_diff

        outcome.diff = unified_diff(result.original, result.text, task.display)
    if options.report_dir:
        from .report import write_file_report

        outcome.report = write_file_report(
            options.report_dir, task.report_name or "input", task.display, result, changed=changed
        )
    return outcome

"""The runner's path for inputs that are streamed instead of read whole.

Two kinds of input never sit in memory in one piece: JSON Lines corpora
(``--jsonl-field``; one record is one document, see :mod:`zhclean.jsonl`) and
files of :data:`~zhclean.runner.LARGE_FILE_BYTES` or more (cleaned in blocks,
see :mod:`zhclean.large_files`).  For both, this module does what
:func:`zhclean.runner.process_task` does for ordinary files: write in place or
to the output directory (atomically), honour the run cache, and write the
per-file report (``.json`` edits, ``.diff``, summary row), all while streaming.
"""

from __future__ import annotations

import hashlib
import os
from collections import Counter
from contextlib import ExitStack, nullcontext
from pathlib import Path
from typing import Any, Mapping

import regex

from .io import InputError, open_atomic
from .jsonl import json_bytes
from .runner import Outcome, RunOptions, Task, pipeline_for

_HUNK = regex.compile(r"^@@ -(\d+)((?:,\d+)?) \+(\d+)((?:,\d+)?) @@", regex.M)


def file_digest(path: str | os.PathLike[str]) -> str:
    """:func:`zhclean.cache.content_digest` of a file, read in 1 MB pieces."""
    h = hashlib.blake2b(digest_size=16)
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def process_streamed(task: Task, options: RunOptions) -> Outcome | None:
    """Clean a JSONL or large file without holding it; ``None`` means "use the in-memory path"."""
    is_jsonl = bool(options.jsonl_field) and task.path.endswith(".jsonl")
    if not is_jsonl:
        from .runner import LARGE_FILE_BYTES

        if options.want_text or options.want_diff or os.path.getsize(task.path) < LARGE_FILE_BYTES:
            return None  # small, or --stdout/--diff, which need the whole text anyway
    try:
        known = task.known_digest
        digest = file_digest(task.path) if (options.digests or known) else None
        target_ok = options.write != "output" or os.path.exists(task.output or "")
        if digest is not None and digest == known and target_ok:
            return Outcome(task.path, "cached", "unchanged since the last run", digest=digest)
        outcome = _jsonl(task, options) if is_jsonl else _large(task, options)
        if digest is not None and (options.write != "none" or outcome.status == "unchanged"):
            rewritten = options.write == "in-place" and outcome.status == "changed"
            outcome.digest = file_digest(task.path) if rewritten else digest
        return outcome
    except InputError as exc:
        if exc.kind == "binary" and task.found_by_walk:
            return Outcome(task.path, "skipped", str(exc))
        return Outcome(task.path, "error", str(exc))
    except FileNotFoundError:
        return Outcome(task.path, "error", "no such file or directory")
    except PermissionError:
        return Outcome(task.path, "error", "permission denied")
    except OSError as exc:
        return Outcome(task.path, "error", exc.strerror or str(exc))
    except MemoryError:
        return Outcome(task.path, "error", "out of memory")
    except Exception as exc:  # a bug in a filter must not stop the other files (as in the runner)
        return Outcome(task.path, "error", f"internal error ({type(exc).__name__}: {exc}); please report it")


def _target(task: Task, options: RunOptions) -> str | None:
    if options.write == "in-place":
        return os.path.realpath(task.path)
    if options.write == "output":
        return task.output or task.path
    return None


class _Unchanged(Exception):
    """Raised inside an :func:`open_atomic` block to drop an identical in-place rewrite."""


class _Report:
    """Streams one input's ``<name>.json`` (edits) and ``<name>.diff`` into the report directory."""

    def __init__(self, stack: ExitStack, options: RunOptions, task: Task, kind: str):
        self.report_name = task.report_name or "input"
        base = Path(options.report_dir or ".", self.report_name)
        self.name = task.display
        self.diff = stack.enter_context(open_atomic(base.with_name(base.name + ".diff")))
        self.json = stack.enter_context(open_atomic(base.with_name(base.name + ".json")))
        self.diff.write(f"--- {self.name}\t(original)\n+++ {self.name}\t(fixed)\n".encode("utf-8"))
        head = {"input": self.name, "streamed": kind}
        self.json.write(json_bytes(head)[:-1] + b', "edits": [')
        self.first = True
        self.notices: list[dict[str, Any]] = []
        self.before: Counter[str] = Counter()
        self.after: Counter[str] = Counter()

    def edit(self, entry: Mapping[str, Any]) -> None:
        self.json.write((b"\n" if self.first else b",\n") + json_bytes(entry, default=str))
        self.first = False

    def close(self, outcome: Outcome, extra: Mapping[str, Any]) -> Any:
        from .report import FileSummary

        changed = outcome.status == "changed"
        tail = {"encoding": outcome.encoding, "changed": changed, "counts": outcome.counts, "notices": self.notices, **extra}
        self.json.write(b"\n], " + json_bytes(tail, default=str)[1:] + b"\n")
        return FileSummary(
            name=self.name,
            report_name=self.report_name,
            encoding=outcome.encoding,
            changed=changed,
            counts=outcome.counts,
            notices=outcome.notices,
            before=dict(self.before),
            after=dict(self.after),
        )


# ------------------------------------------------------------------ JSON Lines


def _jsonl(task: Task, options: RunOptions) -> Outcome:
    from .jsonl import JsonlSummary, fix_lines

    target = _target(task, options)
    summary = JsonlSummary()
    collected: list[bytes] | None = [] if (options.want_text or options.want_diff) else None
    bad: list[dict[str, Any]] = []
    notices = 0
    with ExitStack() as reports:
        report = _Report(reports, options, task, "jsonl") if options.report_dir else None
        try:
            with open(task.path, "rb") as src, (open_atomic(target) if target else nullcontext()) as out:
                for o in fix_lines(src, field=options.jsonl_field or "text", settings=options.settings, figures=report is not None):
                    summary.add(o)
                    notices += o.notices
                    if out is not None:
                        out.write(o.data)
                    if collected is not None:
                        collected.append(o.data)
                    if o.error:
                        bad.append({"line": o.line, "error": o.error})
                    if report is not None:
                        if o.figures:
                            report.before.update(o.figures[0])
                            report.after.update(o.figures[1])
                        for e in o.edits:
                            report.edit({"record_line": o.line, **e})
                        if o.changed:
                            report.diff.write(f"@@ -{o.line},1 +{o.line},1 @@\n".encode())
                            report.diff.write(b"-" + _with_newline(o.original) + b"+" + _with_newline(o.data))
                if options.write == "in-place" and not summary.changed:
                    raise _Unchanged
        except _Unchanged:
            pass
        outcome = Outcome(
            task.path,
            "changed" if summary.changed else "unchanged",
            encoding="utf-8",
            counts=dict(sorted(summary.counts.items())),
            notices=notices,
        )
        if bad:
            first = bad[0]
            outcome.message = f"{len(bad)} bad line(s) passed through unchanged (first: line {first['line']}, {first['error']})"
        if collected is not None:
            text = b"".join(collected).decode("utf-8", "replace")
            if options.want_text:
                outcome.text = text
            if options.want_diff:
                from .report import unified_diff

                original = Path(task.path).read_bytes().decode("utf-8", "replace")
                outcome.diff = unified_diff(original, text, task.display)
        if report is not None:
            outcome.report = report.close(outcome, {"records": summary.records, "bad_lines": bad})
    return outcome


def process_jsonl_bytes(task: Task, data: bytes, options: RunOptions) -> Outcome:
    """JSON Lines given as bytes (standard input): the cleaned lines come back as the outcome's text."""
    from .jsonl import JsonlSummary, fix_lines

    summary = JsonlSummary()
    out = []
    for o in fix_lines(data.splitlines(keepends=True), field=options.jsonl_field or "text", settings=options.settings):
        summary.add(o)
        out.append(o.data)
    outcome = Outcome(task.path, "changed" if summary.changed else "unchanged", encoding="utf-8", counts=dict(summary.counts))
    outcome.text = b"".join(out).decode("utf-8", "replace")
    if summary.bad:
        line, error = summary.bad[0]
        outcome.message = f"{len(summary.bad)} bad line(s) passed through unchanged (first: line {line}, {error})"
    return outcome


def _with_newline(data: bytes) -> bytes:
    return data if data.endswith(b"\n") else data + b"\n\\ No newline at end of file\n"


# ------------------------------------------------------------------ large files


def _large(task: Task, options: RunOptions) -> Outcome:
    from . import large_files

    target = _target(task, options)
    pipeline = pipeline_for(options.settings)
    with ExitStack() as reports:
        report = _Report(reports, options, task, "blocks") if options.report_dir else None
        position = {"diff_in": 0, "diff_out": 0}

        def on_block(block: Any) -> None:
            if report is not None:
                _report_block(report, block, position)

        done = large_files.fix_large_file(task.path, target, pipeline, on_block=on_block, block_bytes=large_files.BLOCK_BYTES)
        outcome = Outcome(
            task.path,
            "changed" if done.changed else "unchanged",
            encoding=done.encoding,
            counts=dict(sorted(done.counts.items())),
            notices=done.notices,
        )
        if report is not None:
            outcome.report = report.close(outcome, {"blocks": done.blocks})
    return outcome


def _report_block(report: _Report, block: Any, position: dict[str, int]) -> None:
    """Append one block's edits and diff hunks, shifted to whole-file offsets and line numbers."""
    from .report import edits_document, text_figures, unified_diff

    result = block.result
    doc = edits_document(result, report.name)
    for entry in doc["edits"]:
        report.edit(_shift(entry, block.offset, block.line))
    for e in block.sep_edits:  # the line breaks after the block, cleaned outside the pipeline
        report.edit(_separator_entry(e, block))
    report.notices.extend(_shift(n, block.offset, block.line) for n in doc["notices"])
    report.before.update(text_figures(result.original))
    report.after.update(text_figures(result.text))
    before, after = result.original + block.sep_in, result.text.rstrip("\n") + block.sep_out
    diff = unified_diff(before, after, report.name)
    if diff:
        body = diff.split("\n", 2)[2]  # drop the ---/+++ header: the file has one already
        din, dout = position["diff_in"], position["diff_out"]
        body = _HUNK.sub(lambda m: f"@@ -{int(m[1]) + din}{m[2]} +{int(m[3]) + dout}{m[4]} @@", body)
        report.diff.write(body.encode("utf-8"))
    position["diff_in"] += len(before.splitlines())
    position["diff_out"] += len(after.splitlines())


def _separator_entry(e: Any, block: Any) -> dict[str, Any]:
    from .report import line_starts, position

    body = block.result.original
    sep_start = block.offset + len(body)
    end_line, end_column = position(line_starts(body), len(body))

    def located(offset: int) -> tuple[int, int]:
        k = offset - sep_start
        starts = line_starts(block.sep_in[:k])
        if len(starts) == 1:  # still on the block's last line
            return block.line + end_line, end_column + k
        return block.line + end_line + len(starts) - 1, k - starts[-1] + 1

    line, column = located(e.start)
    end_l, end_c = located(e.end)
    return {"filter": e.filter, "reason": e.reason, "confidence": e.confidence, "start": e.start, "end": e.end,
            "line": line, "column": column, "end_line": end_l, "end_column": end_c, "before": e.before, "after": e.after}


def _shift(entry: Mapping[str, Any], offset: int, lines: int) -> dict[str, Any]:
    shifted = dict(entry)
    for key in ("start", "end"):
        shifted[key] += offset
    for key in ("line", "end_line"):
        shifted[key] += lines
    return shifted

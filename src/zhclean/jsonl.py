"""JSON Lines corpora: one record is one document, cleaned in one field.

LLM corpora ship as JSONL (``{"id": ..., "text": ..., "url": ...}`` per line).
This module streams such a file: it never holds more than a few batches of
lines in memory, keeps every other field and the record order, writes the
output atomically, and reports what changed per record.

Do no harm applies to records too: a record whose text does not change is
written back byte for byte, and a line that is not a JSON object with a string
in the chosen field (bad JSON, a missing field, a number) is reported and
passed through untouched instead of stopping the run.
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import IO, Any, Iterable, Iterator, Mapping

from .config import Settings
from .io import open_atomic
from .parallel import ordered_map, settings_from_options
from .pipeline import Pipeline

#: Lines are sent to worker processes in batches of about this many bytes.
BATCH_BYTES = 256 * 1024


@dataclass(frozen=True)
class RecordOutcome:
    """What happened to one line: its output bytes and, if anything, a report entry."""

    line: int
    data: bytes
    changed: bool = False
    counts: Mapping[str, int] = field(default_factory=dict)
    edits: tuple[dict[str, Any], ...] = ()
    notices: int = 0
    error: str | None = None
    figures: tuple[Mapping[str, int], Mapping[str, int]] | None = None  # text size before, after (reports)
    original: bytes = b""  # the input line, kept only when the record changed (for diffs)

    def report(self) -> dict[str, Any] | None:
        """The per-record report entry, or ``None`` for an untouched good record."""
        if self.error:
            return {"line": self.line, "error": self.error}
        if not self.changed and not self.notices:
            return None
        return {"line": self.line, "counts": dict(self.counts), "notices": self.notices, "edits": list(self.edits)}


@dataclass
class JsonlSummary:
    """Totals for one JSONL file."""

    records: int = 0
    changed: int = 0
    bad: list[tuple[int, str]] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)
    bytes_in: int = 0

    def add(self, outcome: RecordOutcome) -> None:
        self.bytes_in += len(outcome.data)
        if outcome.error:
            self.bad.append((outcome.line, outcome.error))
            return
        if outcome.data.strip():
            self.records += 1
        if outcome.changed:
            self.changed += 1
            self.counts.update(outcome.counts)

    def to_dict(self) -> dict[str, Any]:
        return {
            "records": self.records,
            "changed": self.changed,
            "bad_lines": [{"line": n, "error": e} for n, e in self.bad],
            "counts": dict(sorted(self.counts.items())),
        }


def fix_record(line_no: int, raw: bytes, field: str, pipeline: Pipeline, *, figures: bool = False) -> RecordOutcome:
    """Clean the ``field`` of one JSONL line (``raw`` includes its line ending).

    ``figures`` adds the report's text-size figures of the field before and after.
    """
    body = raw.rstrip(b"\r\n")
    if not body.strip():
        return RecordOutcome(line_no, raw)
    ending = raw[len(body) :]
    try:
        record = json.loads(body.decode("utf-8"))
    except UnicodeDecodeError as exc:
        return RecordOutcome(line_no, raw, error=f"not UTF-8 ({exc.reason} at byte {exc.start})")
    except json.JSONDecodeError as exc:
        return RecordOutcome(line_no, raw, error=f"invalid JSON ({exc.msg} at column {exc.colno})")
    if not isinstance(record, dict):
        return RecordOutcome(line_no, raw, error=f"not a JSON object but {type(record).__name__}")
    text = record.get(field)
    if not isinstance(text, str):
        reason = f"no {field!r} field" if field not in record else f"{field!r} is {type(text).__name__}, not a string"
        return RecordOutcome(line_no, raw, error=reason)
    result = pipeline.run(text)
    sizes = None
    if figures:
        from .report import text_figures

        before = text_figures(text)
        sizes = (before, text_figures(result.text) if result.changed else before)
    if not result.changed:
        return RecordOutcome(line_no, raw, notices=len(result.notices), figures=sizes)
    record[field] = result.text
    data = json_bytes(record) + (ending or b"")
    return RecordOutcome(
        line_no,
        data,
        original=raw,
        changed=True,
        counts=dict(result.counts),
        edits=tuple(e.to_dict() for e in result.edits),
        notices=len(result.notices),
        figures=sizes,
    )


def json_bytes(obj: Any, **options: Any) -> bytes:
    """``obj`` as UTF-8 JSON, non-ASCII characters kept as they are.

    A JSON string may hold a lone surrogate (``"\\ud800"``), which UTF-8 cannot
    encode: it is written as the same ``\\uXXXX`` escape it was read from, so
    one such record neither stops the run nor changes meaning."""
    text = json.dumps(obj, ensure_ascii=False, **options)
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        # outside strings JSON is ASCII, so every surrogate here is inside one
        return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text).encode("utf-8")


_SURROGATE = re.compile("[\ud800-\udfff]")


def _fix_batch(batch: list[tuple[int, bytes]], field: str, settings: Settings, figures: bool) -> list[RecordOutcome]:
    from .runner import pipeline_for

    pipeline = pipeline_for(settings)
    return [fix_record(n, raw, field, pipeline, figures=figures) for n, raw in batch]


def _batches(lines: Iterable[bytes], batch_bytes: int) -> Iterator[list[tuple[int, bytes]]]:
    batch: list[tuple[int, bytes]] = []
    size = 0
    for n, raw in enumerate(lines, start=1):
        batch.append((n, raw))
        size += len(raw)
        if size >= batch_bytes:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


def fix_lines(
    lines: Iterable[bytes],
    *,
    field: str = "text",
    settings: Settings | None = None,
    jobs: int = 1,
    batch_bytes: int = BATCH_BYTES,
    figures: bool = False,
) -> Iterator[RecordOutcome]:
    """Clean a stream of JSONL lines (bytes, with endings), yielding outcomes in order.

    With ``jobs > 1`` batches of lines go to worker processes, a few at a time.
    """
    from .runner import warm_up

    settings = settings or Settings()
    work = partial(_fix_batch, field=field, settings=settings, figures=figures)
    for outcomes in ordered_map(work, _batches(lines, batch_bytes), jobs, chunksize=1, warm_up=partial(warm_up, settings)):
        yield from outcomes


def fix_jsonl(
    src: str | os.PathLike[str],
    dst: str | os.PathLike[str] | None = None,
    *,
    field: str = "text",
    report: str | os.PathLike[str] | None = None,
    jobs: int = 1,
    check: bool = False,
    settings: Settings | None = None,
    **options: Any,
) -> JsonlSummary:
    """Clean the ``field`` of every record in the JSONL file ``src``.

    The result goes to ``dst`` (default: ``src`` itself, replaced atomically
    and only if some record changed).  ``report``, if given, receives one JSON
    line per changed or bad record with its edits.  ``check`` writes nothing.
    Options are those of :func:`zhclean.fix` (``steps``, ``skip``, ...), or
    ready :class:`~zhclean.config.Settings`.
    """
    settings = settings if settings is not None else settings_from_options(**options)
    summary = JsonlSummary()
    in_place = dst is None or Path(dst).resolve() == Path(src).resolve()
    out_path = Path(src) if dst is None else Path(dst)
    with open(src, "rb") as fh, _maybe_open(report) as rep:
        outcomes = fix_lines(fh, field=field, settings=settings, jobs=jobs)
        if check:
            for o in outcomes:
                summary.add(o)
                _write_report(rep, o)
        else:
            try:
                with open_atomic(out_path) as out:
                    for o in outcomes:
                        summary.add(o)
                        out.write(o.data)
                        _write_report(rep, o)
                    if in_place and not summary.changed:
                        raise _Unchanged
            except _Unchanged:
                pass
    return summary


class _Unchanged(Exception):
    """Raised inside :func:`open_atomic` to discard an identical in-place rewrite."""


def _write_report(rep: IO[bytes] | None, outcome: RecordOutcome) -> None:
    if rep is None:
        return
    entry = outcome.report()
    if entry is not None:
        rep.write(json_bytes(entry) + b"\n")


@contextmanager
def _maybe_open(report: str | os.PathLike[str] | None) -> Iterator[IO[bytes] | None]:
    if report is None:
        yield None
        return
    with open_atomic(report) as rep:
        yield rep

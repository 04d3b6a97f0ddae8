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
import tempfile
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import IO, Any, Iterable, Iterator, Mapping

from .parallel import ordered_map, pipeline_from_spec, pipeline_spec

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


def fix_record(line_no: int, raw: bytes, field: str, spec: Mapping[str, Any]) -> RecordOutcome:
    """Clean the ``field`` of one JSONL line (``raw`` includes its line ending)."""
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
    result = pipeline_from_spec(spec).run(text)
    if not result.changed:
        return RecordOutcome(line_no, raw, notices=len(result.notices))
    record[field] = result.text
    data = json.dumps(record, ensure_ascii=False).encode("utf-8") + (ending or b"")
    return RecordOutcome(
        line_no,
        data,
        changed=True,
        counts=dict(result.counts),
        edits=tuple(e.to_dict() for e in result.edits),
        notices=len(result.notices),
    )


def _fix_batch(batch: list[tuple[int, bytes]], field: str, spec: Mapping[str, Any]) -> list[RecordOutcome]:
    return [fix_record(n, raw, field, spec) for n, raw in batch]


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
    spec: Mapping[str, Any] | None = None,
    jobs: int = 1,
    batch_bytes: int = BATCH_BYTES,
) -> Iterator[RecordOutcome]:
    """Clean a stream of JSONL lines (bytes, with endings), yielding outcomes in order."""
    spec = spec if spec is not None else pipeline_spec()
    work = partial(_fix_batch, field=field, spec=spec)
    for outcomes in ordered_map(work, _batches(lines, batch_bytes), jobs, chunksize=1):
        yield from outcomes


@contextmanager
def open_atomic(path: str | os.PathLike[str]) -> Iterator[IO[bytes]]:
    """A binary file that appears at ``path`` only if the block completes.

    The streaming counterpart of :func:`zhclean.io.write_text_atomic`: data goes
    to a temporary file in the same directory, renamed over ``path`` at the end.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".zhclean-tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        if target.exists():
            os.chmod(tmp, target.stat().st_mode & 0o7777)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def fix_jsonl(
    src: str | os.PathLike[str],
    dst: str | os.PathLike[str] | None = None,
    *,
    field: str = "text",
    report: str | os.PathLike[str] | None = None,
    jobs: int = 1,
    check: bool = False,
    spec: Mapping[str, Any] | None = None,
    **options: Any,
) -> JsonlSummary:
    """Clean the ``field`` of every record in the JSONL file ``src``.

    The result goes to ``dst`` (default: ``src`` itself, replaced atomically
    and only if some record changed).  ``report``, if given, receives one JSON
    line per changed or bad record with its edits.  ``check`` writes nothing.
    Options are those of :func:`zhclean.fix` (``steps``, ``skip``, ...), or a
    ready ``spec`` from :func:`zhclean.parallel.pipeline_spec`.
    """
    spec = spec if spec is not None else pipeline_spec(**options)
    summary = JsonlSummary()
    in_place = dst is None or Path(dst).resolve() == Path(src).resolve()
    out_path = Path(src) if dst is None else Path(dst)
    with open(src, "rb") as fh, _maybe_open(report) as rep:
        outcomes = fix_lines(fh, field=field, spec=spec, jobs=jobs)
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
        rep.write(json.dumps(entry, ensure_ascii=False).encode("utf-8") + b"\n")


@contextmanager
def _maybe_open(report: str | os.PathLike[str] | None) -> Iterator[IO[bytes] | None]:
    if report is None:
        yield None
        return
    with open_atomic(report) as rep:
        yield rep

"""Clean corpora bigger than one machine on a Dask cluster (``pip install zhclean[dask]``).

zhclean does not grow its own distributed engine: documents go through a
``dask.bag`` and files through a ``distributed`` client, and every worker runs
the very same pipeline as the CLI (built once per worker from a picklable
spec).  Two entry points:

- :func:`fix_bag` cleans a bag of documents (strings, or JSON-like records with
  a text field) and yields, per document, the cleaned document and its edits;
  :func:`summarize` folds those into totals on the client.
- :func:`fix_path` cleans the files under a path (plain text, or JSONL with
  ``jsonl_field``): workers read, clean and atomically write each file plus a
  per-file JSON report; only small outcome dicts travel back, and the client
  gathers the summary (and the resumable-run cache).

Files must be visible to the workers at the same path (a shared filesystem),
as with any Dask job that reads local paths.
"""

from __future__ import annotations

import os
import time
from collections import Counter, deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Iterator, Mapping, Sequence

from .cache import CACHE_NAME, RunCache, content_digest, options_fingerprint
from .io import InputError, decode_bytes, finalize, write_text_atomic
from .parallel import chunked, pipeline_from_spec, pipeline_spec

if TYPE_CHECKING:  # pragma: no cover
    import dask.bag
    import distributed


# ---------------------------------------------------------------- documents


def _fix_document(doc: Any, field: str | None, spec: Mapping[str, Any]) -> dict[str, Any]:
    text = doc if field is None else doc.get(field) if isinstance(doc, Mapping) else None
    if not isinstance(text, str):
        return {"document": doc, "changed": False, "counts": {}, "edits": [], "notices": 0, "error": f"no text in {field!r}"}
    result = pipeline_from_spec(spec).run(text)
    if field is None:
        out: Any = result.text
    else:
        out = dict(doc)
        out[field] = result.text
    return {
        "document": out,
        "changed": result.changed,
        "counts": dict(result.counts),
        "edits": [e.to_dict() for e in result.edits],
        "notices": len(result.notices),
        "error": None,
    }


def fix_bag(
    bag: "dask.bag.Bag",
    *,
    field: str | None = None,
    steps: Sequence[str] | None = None,
    skip: Sequence[str] = (),
    options: Mapping[str, Mapping[str, Any]] | None = None,
    **flat: Any,
) -> "dask.bag.Bag":
    """Clean every document of ``bag``; lazy, like any bag operation.

    Documents are strings, or mappings whose ``field`` holds the text (other
    keys are kept).  Each element of the returned bag is a dict with
    ``document`` (the cleaned string or record), ``changed``, ``counts`` (edits
    per filter), ``edits`` and ``notices``; ``.pluck("document")`` gives just
    the cleaned corpus.  Options are those of :func:`zhclean.fix`.
    """
    spec = pipeline_spec(steps=steps, skip=skip, options=options, **flat)
    return bag.map(_fix_document, field, spec)


def summarize(outcomes: "dask.bag.Bag", client: "distributed.Client | None" = None) -> dict[str, Any]:
    """Totals over a :func:`fix_bag` result, reduced on the workers and gathered here."""

    def part(items: Iterable[dict[str, Any]]) -> dict[str, Any]:
        docs = changed = errors = 0
        counts: Counter[str] = Counter()
        for o in items:
            docs += 1
            changed += bool(o["changed"])
            errors += o["error"] is not None
            counts.update(o["counts"])
        return {"documents": docs, "changed": changed, "errors": errors, "counts": counts}

    def total(parts: Iterable[dict[str, Any]]) -> dict[str, Any]:
        out = {"documents": 0, "changed": 0, "errors": 0, "counts": Counter()}
        for p in parts:
            for k in ("documents", "changed", "errors", "counts"):
                out[k] += p[k]
        out["counts"] = dict(sorted(out["counts"].items()))
        return out

    return outcomes.reduction(part, total).compute(**({"scheduler": client} if client is not None else {}))


# -------------------------------------------------------------------- files


@dataclass
class Summary:
    """What a run over files did, gathered on the client."""

    files: int = 0
    changed: int = 0
    skipped: int = 0  # unchanged since the last run (cache)
    errors: list[tuple[str, str]] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)
    bytes_in: int = 0
    seconds: float = 0.0

    def add(self, outcome: Mapping[str, Any]) -> None:
        self.files += 1
        self.bytes_in += outcome.get("bytes", 0)
        if outcome.get("error"):
            self.errors.append((outcome["path"], outcome["error"]))
        elif outcome.get("skipped"):
            self.skipped += 1
        elif outcome.get("changed"):
            self.changed += 1
        self.counts.update(outcome.get("counts", {}))

    @property
    def mb_per_s(self) -> float:
        return self.bytes_in / 1e6 / self.seconds if self.seconds else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "files": self.files,
            "changed": self.changed,
            "skipped": self.skipped,
            "errors": [{"path": p, "error": e} for p, e in self.errors],
            "counts": dict(sorted(self.counts.items())),
            "bytes_in": self.bytes_in,
            "seconds": round(self.seconds, 3),
        }


def _line_col(text: str, offsets: Sequence[int]) -> list[tuple[int, int]]:
    import bisect

    starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]
    out = []
    for off in offsets:
        line = bisect.bisect_right(starts, off)
        out.append((line, off - starts[line - 1] + 1))
    return out


def file_report(path: str, result: Any) -> dict[str, Any]:
    """The per-file JSON report: every edit with its 1-based input line and column."""
    positions = _line_col(result.original, [e.start for e in result.edits])
    edits = [e.to_dict() | {"line": ln, "column": col} for e, (ln, col) in zip(result.edits, positions)]
    return {
        "path": path,
        "encoding": result.encoding,
        "changed": result.changed,
        "counts": dict(sorted(result.counts.items())),
        "edits": edits,
        "notices": [n.to_dict() for n in result.notices],
    }


def process_file(task: Mapping[str, Any]) -> dict[str, Any]:
    """Clean one file as described by ``task``; runs on a worker, returns a small outcome.

    ``task`` holds ``path``, ``rel`` (path below the root, for mirrored
    outputs), ``spec``, ``output_dir``, ``report_dir``, ``check``,
    ``jsonl_field`` and ``known`` (the cached digest, to skip unchanged files).
    """
    import json

    path = Path(task["path"])
    rel = task["rel"]
    outcome: dict[str, Any] = {"path": str(path), "changed": False, "counts": {}, "bytes": 0, "error": None}
    target = Path(task["output_dir"], rel) if task.get("output_dir") else path
    report_dir = task.get("report_dir")
    try:
        if task.get("jsonl_field") and path.suffix == ".jsonl":
            return _process_jsonl(task, path, target, outcome)
        data = path.read_bytes()
        outcome["bytes"] = len(data)
        digest = content_digest(data)
        if task.get("known") == digest and (target == path or target.exists()):
            outcome.update(skipped=True, digest=digest)
            return outcome
        decoded = decode_bytes(data)
        result = pipeline_from_spec(task["spec"]).run(decoded.text)
        result.text = finalize(result.text)
        result.encoding = decoded.encoding
        out_bytes = result.text.encode("utf-8")
        changed = out_bytes != data
        outcome.update(changed=changed, counts=dict(result.counts), encoding=decoded.encoding)
        if not task.get("check"):
            if changed or target != path:
                write_text_atomic(target, result.text)
            outcome["digest"] = content_digest(out_bytes) if target == path else digest
        elif not changed:
            outcome["digest"] = digest
        if report_dir:
            report = json.dumps(file_report(str(path), result), ensure_ascii=False, indent=1)
            write_text_atomic(Path(report_dir, rel + ".json"), report + "\n")
    except InputError as exc:
        outcome["error"] = str(exc)
    except OSError as exc:
        outcome["error"] = exc.strerror or str(exc)
    return outcome


def _process_jsonl(task: Mapping[str, Any], path: Path, target: Path, outcome: dict[str, Any]) -> dict[str, Any]:
    from .jsonl import fix_jsonl

    data_digest = _file_digest(path)
    outcome["bytes"] = path.stat().st_size
    if task.get("known") == data_digest and (target == path or target.exists()):
        outcome.update(skipped=True, digest=data_digest)
        return outcome
    report = Path(task["report_dir"], task["rel"] + ".report.jsonl") if task.get("report_dir") else None
    summary = fix_jsonl(path, None if target == path else target, field=task["jsonl_field"], report=report, check=task.get("check", False), spec=task["spec"])
    outcome.update(changed=summary.changed > 0, counts=dict(summary.counts), records=summary.records, bad_lines=len(summary.bad))
    if not task.get("check"):
        outcome["digest"] = _file_digest(path) if target == path else data_digest
    elif not summary.changed:
        outcome["digest"] = data_digest
    return outcome


def _file_digest(path: Path) -> str:
    import hashlib

    h = hashlib.blake2b(digest_size=16)
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def iter_files(root: Path) -> Iterator[tuple[Path, str]]:
    """Files under ``root`` in a stable (sorted) order, streaming; skips hidden entries and temp files."""
    if root.is_file():
        yield root, root.name
        return
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.startswith(".") or name.endswith(".zhclean-tmp"):
                continue
            p = Path(dirpath, name)
            yield p, p.relative_to(root).as_posix()


def run_tasks(client: "distributed.Client", tasks: Iterable[dict[str, Any]], *, chunksize: int = 16, in_flight: int = 4) -> Iterator[dict[str, Any]]:
    """Run :func:`process_file` over ``tasks`` on ``client``, in order, with bounded work in flight."""
    workers = max(1, sum(client.nthreads().values()))
    pending: deque[Any] = deque()
    for chunk in chunked(tasks, chunksize):
        pending.append(client.submit(_process_chunk, chunk, pure=False))
        while len(pending) >= workers * in_flight:
            yield from pending.popleft().result()
    while pending:
        yield from pending.popleft().result()


def _process_chunk(chunk: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [process_file(t) for t in chunk]


def fix_path(
    path: str | os.PathLike[str],
    *,
    client: "distributed.Client | None" = None,
    scheduler: str | None = None,
    output_dir: str | os.PathLike[str] | None = None,
    report_dir: str | os.PathLike[str] | None = None,
    check: bool = False,
    jsonl_field: str | None = None,
    cache_file: str | os.PathLike[str] | None = None,
    on_outcome: Any = None,
    steps: Sequence[str] | None = None,
    skip: Sequence[str] = (),
    options: Mapping[str, Mapping[str, Any]] | None = None,
    **flat: Any,
) -> Summary:
    """Clean every file under ``path`` on a Dask cluster and return the gathered summary.

    Give a ``client`` or a ``scheduler`` address (``tcp://host:8786``).  Files
    are rewritten in place atomically, or mirrored under ``output_dir``; with
    ``report_dir`` each file gets ``<relpath>.json`` (its edits with line and
    column) and the run gets ``summary.json``.  ``cache_file`` makes the run
    resumable (see :mod:`zhclean.cache`).  ``on_outcome`` is called on the
    client with each file's outcome, in order (for progress or printing).
    """
    from distributed import Client

    own_client = client is None
    if client is None:
        client = Client(scheduler) if scheduler else Client(processes=True)
    spec = pipeline_spec(steps=steps, skip=skip, options=options, **flat)
    root = Path(path)
    out_dir = str(Path(output_dir).resolve()) if output_dir else None
    rep_dir = str(Path(report_dir).resolve()) if report_dir else None
    cache = None
    if cache_file is not None:
        fingerprint = options_fingerprint(spec, output_dir=out_dir, jsonl_field=jsonl_field, check=check)
        cache = RunCache.open(cache_file, fingerprint)

    def tasks() -> Iterator[dict[str, Any]]:
        for p, rel in iter_files(root):
            yield {
                "path": str(p.resolve()),
                "rel": rel,
                "spec": spec,
                "output_dir": out_dir,
                "report_dir": rep_dir,
                "check": check,
                "jsonl_field": jsonl_field,
                "known": cache.known(p) if cache else None,
            }

    summary = Summary()
    start = time.perf_counter()
    try:
        for outcome in run_tasks(client, tasks()):
            summary.add(outcome)
            if cache is not None:
                if outcome.get("digest") and not outcome.get("error"):
                    cache.record(outcome["path"], outcome["digest"])
                else:
                    cache.forget(outcome["path"])
                cache.checkpoint()
            if on_outcome is not None:
                on_outcome(outcome)
    finally:
        summary.seconds = time.perf_counter() - start
        if cache is not None:
            cache.save()
        if own_client:
            client.close()
    if rep_dir:
        import json

        write_text_atomic(Path(rep_dir, "summary.json"), json.dumps(summary.to_dict(), ensure_ascii=False, indent=1) + "\n")
    return summary


__all__ = ["CACHE_NAME", "Summary", "file_report", "fix_bag", "fix_path", "iter_files", "process_file", "summarize"]

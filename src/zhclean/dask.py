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
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import partial
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator, Mapping, Sequence, TypeVar

from .cache import RunCache, options_fingerprint
from .config import Settings
from .parallel import CHUNK_BYTES, IN_FLIGHT, chunked, file_weight, in_order, settings_from_options
from .runner import DEFAULT_INCLUDE, Outcome, RunOptions, Task, iter_tasks, pipeline_for, process_task

if TYPE_CHECKING:  # pragma: no cover
    import dask.bag
    import distributed

T = TypeVar("T")
R = TypeVar("R")


# ---------------------------------------------------------------- documents


def _fix_document(doc: Any, field: str | None, settings: Settings) -> dict[str, Any]:
    text = doc if field is None else doc.get(field) if isinstance(doc, Mapping) else None
    if not isinstance(text, str):
        return {"document": doc, "changed": False, "counts": {}, "edits": [], "notices": 0, "error": f"no text in {field!r}"}
    result = pipeline_for(settings).run(text)
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
    settings = settings_from_options(steps=steps, skip=skip, options=options, **flat)
    return bag.map(_fix_document, field, settings)


def _summarize_part(items: Iterable[dict[str, Any]]) -> dict[str, Any]:
    total = {"documents": 0, "changed": 0, "errors": 0, "counts": Counter()}
    for o in items:
        total["documents"] += 1
        total["changed"] += bool(o["changed"])
        total["errors"] += o["error"] is not None
        total["counts"].update(o["counts"])
    return total


def _summarize_total(parts: Iterable[dict[str, Any]]) -> dict[str, Any]:
    total = {"documents": 0, "changed": 0, "errors": 0, "counts": Counter()}
    for p in parts:
        for key in total:
            total[key] += p[key]
    total["counts"] = dict(sorted(total["counts"].items()))
    return total


def summarize(outcomes: "dask.bag.Bag", client: "distributed.Client | None" = None) -> dict[str, Any]:
    """Totals over a :func:`fix_bag` result, reduced on the workers and gathered here."""
    kwargs = {"scheduler": client} if client is not None else {}
    return outcomes.reduction(_summarize_part, _summarize_total).compute(**kwargs)


# -------------------------------------------------------------------- files


def client_map(
    client: "distributed.Client",
    fn: Callable[[T], R],
    items: Iterable[T],
    *,
    chunksize: int = 4,
    in_flight: int = IN_FLIGHT,
    weight: Callable[[T], int] | None = None,
    max_weight: int = CHUNK_BYTES // 2,
) -> Iterator[R]:
    """``fn`` over ``items`` on the cluster, results in input order, a bounded number of chunks in flight.

    The Dask counterpart of :func:`zhclean.parallel.ordered_map`: the input is
    consumed lazily, so a walk over millions of files never sits in memory.
    Chunks are smaller than for local processes because the scheduler hands
    each worker up to ``worker-saturation`` (about 2) tasks per thread at once:
    with a few big tasks, one worker would take them all while another idles.
    """
    workers = max(1, sum(client.nthreads().values()))
    submit = partial(client.submit, _run_chunk, fn, pure=False)
    yield from in_order(submit, chunked(items, chunksize, weight, max_weight), workers * in_flight)


def _run_chunk(fn: Callable[[T], R], chunk: list[T]) -> list[R]:
    return [fn(item) for item in chunk]


@dataclass
class Summary:
    """What a run over files did, gathered on the client."""

    files: int = 0
    changed: int = 0
    cached: int = 0  # unchanged since the last run (run cache)
    skipped: int = 0  # binary files met in the walk
    errors: list[tuple[str, str]] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0

    def add(self, outcome: Outcome) -> None:
        self.files += 1
        if outcome.status == "error":
            self.errors.append((outcome.path, outcome.message or ""))
        self.changed += outcome.status == "changed"
        self.cached += outcome.status == "cached"
        self.skipped += outcome.status == "skipped"
        self.counts.update(outcome.counts)

    def to_dict(self) -> dict[str, Any]:
        return {
            "files": self.files,
            "changed": self.changed,
            "cached": self.cached,
            "skipped": self.skipped,
            "errors": [{"path": p, "error": e} for p, e in self.errors],
            "counts": dict(sorted(self.counts.items())),
            "seconds": round(self.seconds, 3),
        }


def _process(task: Task | Outcome, options: RunOptions) -> Outcome:
    return task if isinstance(task, Outcome) else process_task(task, options)


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
    on_outcome: Callable[[Outcome], None] | None = None,
    steps: Sequence[str] | None = None,
    skip: Sequence[str] = (),
    options: Mapping[str, Mapping[str, Any]] | None = None,
    **flat: Any,
) -> Summary:
    """Clean every file under ``path`` on a Dask cluster and return the summary gathered here.

    Give a ``client`` or a ``scheduler`` address (``tcp://host:8786``).  Each
    file goes through :func:`zhclean.runner.process_task` on a worker, exactly
    as ``zhclean fix`` would process it: rewritten in place atomically (or
    mirrored under ``output_dir``, or only checked), ``*.jsonl`` read as
    records with ``jsonl_field``, and with ``report_dir`` a ``.json`` and
    ``.diff`` per file plus ``index.html`` and ``summary.json`` for the run.
    ``cache_file`` makes the run resumable (see :mod:`zhclean.cache`);
    ``on_outcome`` sees each file's :class:`~zhclean.runner.Outcome`, in order.
    """
    from distributed import Client

    settings = settings_from_options(steps=steps, skip=skip, options=options, **flat)
    write = "none" if check else "output" if output_dir else "in-place"
    out_dir = os.path.abspath(output_dir) if output_dir else None
    rep_dir = os.path.abspath(report_dir) if report_dir else None
    run_options = RunOptions(settings=settings, write=write, report_dir=rep_dir, jsonl_field=jsonl_field, digests=cache_file is not None)
    cache = None
    if cache_file is not None:
        fingerprint = options_fingerprint(settings, write=write, output_dir=out_dir, jsonl_field=jsonl_field)
        cache = RunCache.open(cache_file, fingerprint)

    def tasks() -> Iterator[Task | Outcome]:
        root = os.path.abspath(path)
        include = (*DEFAULT_INCLUDE, "*.jsonl") if jsonl_field else DEFAULT_INCLUDE
        for item in iter_tasks([root], output_dir=out_dir, exclude=[d for d in (out_dir, rep_dir) if d], include=include):
            if isinstance(item, Task) and cache is not None:
                item = replace(item, known_digest=cache.known(item.path))
            yield item

    own_client = client is None
    if client is None:
        client = Client(scheduler) if scheduler else Client(processes=True)
    summary = Summary()
    report = None
    if rep_dir:
        from .report import RunSummary

        report = RunSummary(rep_dir)  # gathered file by file: no per-file list in memory
    start = time.perf_counter()
    try:
        for outcome in client_map(client, partial(_process, options=run_options), tasks(), weight=file_weight):
            summary.add(outcome)
            if report is not None and outcome.report is not None:
                report.add(outcome.report)
            if report is not None and outcome.status == "error":
                report.error(outcome.display, outcome.message or "")
            if cache is not None:
                if outcome.digest is not None and outcome.status != "error":
                    cache.record(outcome.path, outcome.digest)
                else:
                    cache.forget(outcome.path)
                cache.checkpoint()
            if on_outcome is not None:
                on_outcome(outcome)
    except BaseException:
        if report is not None:
            report.discard()
        raise
    finally:
        summary.seconds = time.perf_counter() - start
        if cache is not None:
            cache.save()
        if own_client:
            client.close()
    if report is not None:
        report.write()
    return summary


__all__ = ["Summary", "client_map", "fix_bag", "fix_path", "summarize"]

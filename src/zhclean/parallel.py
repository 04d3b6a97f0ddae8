"""Process-based parallel map with bounded memory and deterministic order.

Cleaning is CPU-bound pure Python, so threads do not help; processes do.  Two
things matter at corpus scale and are easy to get wrong with the standard
pools: ``multiprocessing.Pool.imap`` reads its whole input iterator ahead of
the workers (a 1 GB JSONL file would sit in the parent's memory), and results
must come back in input order so reports are the same on every run.  So work
is sent in small chunks, at most a few chunks per worker are in flight, and
results are yielded strictly in order.

Workers ignore SIGINT: on Ctrl-C the parent stops submitting, lets the chunks
already running finish their (atomic) writes, and re-raises, so an interrupted
run never leaves a half-written file behind.
"""

from __future__ import annotations

import json
import os
import signal
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from functools import lru_cache
from typing import Any, Callable, Iterable, Iterator, Mapping, Sequence, TypeVar

from .pipeline import Pipeline

T = TypeVar("T")
R = TypeVar("R")


def default_jobs() -> int:
    """All cores this process may use (respects CPU affinity, e.g. in containers)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def pipeline_spec(
    steps: Sequence[str] | None = None,
    skip: Sequence[str] = (),
    options: Mapping[str, Mapping[str, Any]] | None = None,
    **flat: Any,
) -> dict[str, Any]:
    """A plain, picklable, JSON-able description of a pipeline's configuration.

    Workers (local processes or Dask workers) rebuild the pipeline from it; the
    cache hashes it.  Building it once here also validates filter names early.
    """
    per_filter: dict[str, dict[str, Any]] = {k: dict(v) for k, v in (options or {}).items()}
    pipeline = Pipeline.from_options(steps=steps, skip=skip, options=per_filter, **flat)
    nested = {f.name: _filter_fields(f) for f in pipeline.filters}
    return {"steps": pipeline.names, "options": nested}


def _filter_fields(f: Any) -> dict[str, Any]:
    import dataclasses

    return {fl.name: getattr(f, fl.name) for fl in dataclasses.fields(f)}


@lru_cache(maxsize=8)
def _pipeline_from_json(spec_json: str) -> Pipeline:
    spec = json.loads(spec_json)
    return Pipeline.from_options(steps=spec["steps"], options=spec["options"])


def pipeline_from_spec(spec: Mapping[str, Any]) -> Pipeline:
    """The pipeline for ``spec``, built once per process and reused."""
    return _pipeline_from_json(json.dumps(spec, sort_keys=True, ensure_ascii=False))


def _ignore_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _run_chunk(fn: Callable[[T], R], chunk: list[T]) -> list[R]:
    return [fn(item) for item in chunk]


def chunked(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Group ``items`` into lists of ``size`` without reading further ahead."""
    chunk: list[T] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def ordered_map(
    fn: Callable[[T], R],
    items: Iterable[T],
    jobs: int = 1,
    *,
    chunksize: int = 8,
    in_flight: int = 3,
) -> Iterator[R]:
    """Yield ``fn(item)`` for every item, in input order, using ``jobs`` processes.

    ``fn`` must be a picklable (module-level) function.  At most
    ``jobs * in_flight`` chunks are pending at once, so memory stays bounded
    however long ``items`` is.  With ``jobs == 1`` everything runs in this
    process (no pickling, easy debugging).
    """
    if jobs <= 1:
        for item in items:
            yield fn(item)
        return
    pending: deque[Future[list[R]]] = deque()
    pool = ProcessPoolExecutor(max_workers=jobs, initializer=_ignore_sigint)
    try:
        for chunk in chunked(items, chunksize):
            pending.append(pool.submit(_run_chunk, fn, chunk))
            while len(pending) >= jobs * in_flight:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()
    finally:
        # On success nothing is pending.  On Ctrl-C or a broken pool, drop the
        # queued chunks but let running ones finish their atomic writes.
        for fut in pending:
            fut.cancel()
        pool.shutdown(wait=True, cancel_futures=True)

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

import dataclasses
import itertools
import os
import signal
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from typing import Any, Callable, Iterable, Iterator, Mapping, Sequence, TypeVar

from .config import Settings
from .pipeline import Pipeline

T = TypeVar("T")
R = TypeVar("R")

#: A chunk of work ends once its inputs total this many bytes: about a quarter
#: of a second of cleaning, long enough that sending it costs little, short
#: enough that a few shards of a corpus still spread over every worker.
CHUNK_BYTES = 256 * 1024


def file_weight(item: Any) -> int:
    """The size of the file an item (a runner Task) names, for :func:`chunked`; 0 if it has none."""
    try:
        return os.path.getsize(item.path) if getattr(item, "path", "-") != "-" else 0
    except OSError:
        return 0


def default_jobs() -> int:
    """All cores this process may use (respects CPU affinity, e.g. in containers)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def settings_from_options(
    steps: Sequence[str] | None = None,
    skip: Sequence[str] = (),
    options: Mapping[str, Mapping[str, Any]] | None = None,
    **flat: Any,
) -> Settings:
    """:class:`~zhclean.config.Settings` from the library's option style (flat ``script_to="hans"`` included).

    Settings are plain picklable data: worker processes and Dask workers build
    their pipeline from them, and the run cache hashes them.  Building the
    pipeline here also rejects unknown filters and options before any work.
    """
    pipeline = Pipeline.from_options(steps=steps, skip=skip, options=options, **flat)
    nested = {f.name: {fl.name: getattr(f, fl.name) for fl in dataclasses.fields(f)} for f in pipeline.filters}
    return Settings(steps=tuple(pipeline.names), options=nested)


def _ignore_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _run_chunk(fn: Callable[[T], R], chunk: list[T]) -> list[R]:
    return [fn(item) for item in chunk]


def chunked(items: Iterable[T], size: int, weight: Callable[[T], int] | None = None, max_weight: int = 0) -> Iterator[list[T]]:
    """Group ``items`` into lists of at most ``size`` (and ``max_weight``) without reading further ahead.

    With ``weight`` (e.g. file size), a chunk also ends once its items weigh
    ``max_weight``, so a few big files do not all land on one worker.
    """
    chunk: list[T] = []
    total = 0
    for item in items:
        chunk.append(item)
        if weight is not None:
            total += weight(item)
        if len(chunk) >= size or (weight is not None and total >= max_weight):
            yield chunk
            chunk, total = [], 0
    if chunk:
        yield chunk


def ordered_map(
    fn: Callable[[T], R],
    items: Iterable[T],
    jobs: int = 1,
    *,
    chunksize: int = 8,
    in_flight: int = 3,
    weight: Callable[[T], int] | None = None,
    max_weight: int = CHUNK_BYTES,
) -> Iterator[R]:
    """Yield ``fn(item)`` for every item, in input order, using ``jobs`` processes.

    ``fn`` must be a picklable (module-level) function.  At most
    ``jobs * in_flight`` chunks are pending at once, so memory stays bounded
    however long ``items`` is.  A chunk holds up to ``chunksize`` items, fewer
    if their ``weight`` reaches ``max_weight``.  With ``jobs == 1`` everything runs in this
    process (no pickling, easy debugging).
    """
    if jobs <= 1:
        for item in items:
            yield fn(item)
        return
    chunks = chunked(items, chunksize, weight, max_weight)
    first = next(chunks, None)
    second = next(chunks, None)
    if second is None:  # one chunk of work: starting processes would cost more than it saves
        yield from _run_chunk(fn, first or [])
        return
    pool = ProcessPoolExecutor(max_workers=jobs, initializer=_ignore_sigint)
    try:
        submit = partial(pool.submit, _run_chunk, fn)
        yield from in_order(submit, itertools.chain((first, second), chunks), jobs * in_flight)
    finally:
        # On Ctrl-C or a broken pool, running chunks still finish their atomic writes.
        pool.shutdown(wait=True, cancel_futures=True)


def in_order(submit: Callable[[list[T]], Any], chunks: Iterable[list[T]], limit: int) -> Iterator[R]:
    """Submit ``chunks`` with at most ``limit`` pending and yield their results in input order.

    ``submit`` returns a future (``concurrent.futures`` or Dask's); whatever is
    still queued when the caller stops or is interrupted is cancelled.
    """
    pending: deque[Any] = deque()
    try:
        for chunk in chunks:
            pending.append(submit(chunk))
            while len(pending) >= limit:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()
    finally:
        for fut in pending:
            fut.cancel()

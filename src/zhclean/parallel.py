"""Process-based parallel map with bounded memory and deterministic order.

Cleaning is CPU-bound pure Python, so threads do not help; processes do.  Two
things matter at corpus scale and are easy to get wrong with the standard
pools: ``multiprocessing.Pool.imap`` reads its whole input iterator ahead of
the workers (a 1 GB JSONL file would sit in the parent's memory), and results
must come back in input order so reports are the same on every run.  So work
is sent in small chunks, a bounded number of chunks per worker is in flight,
and results are yielded strictly in order.

Work that does not split must stay out of the way, or two workers on two
cores do not reach twice the speed of one: the filters load their tables
lazily (about a second in all), so a ``warm_up`` runs once in the parent
before the workers are forked and they inherit it, instead of each worker
loading it again; workers read and write the files themselves, and only small
outcomes travel back.

Stopping is clean however it happens.  Workers ignore SIGINT (a terminal sends
it to the whole job): the parent decides.  On Ctrl-C or SIGTERM the parent
sends its workers SIGTERM, which unwinds the chunk they are on (a file being
written is never renamed into place, and its temporary file is deleted), then
waits for them.  If the parent itself is killed outright, the kernel sends each
worker SIGTERM too (``PR_SET_PDEATHSIG`` on Linux), so no worker is left
running without a parent.
"""

from __future__ import annotations

import ctypes
import dataclasses
import gc
import itertools
import multiprocessing
import os
import signal
import sys
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from typing import Any, Callable, Iterable, Iterator, Mapping, Sequence, TypeVar

from .config import Settings
from .pipeline import Pipeline

T = TypeVar("T")
R = TypeVar("R")

#: A chunk of work ends once its inputs total this many bytes: about 10 ms of
#: clean text (sending a chunk costs well under 1 ms), and short enough that
#: a few damaged documents, which are a hundred times slower, do not keep one
#: worker busy long after the other has run out of work.
CHUNK_BYTES = 128 * 1024


#: Chunks pending per worker.  Results are taken in input order, so a chunk
#: holding a slow damaged document (seconds, against milliseconds for clean
#: text) stalls the other workers once the window is full; with 8 per worker,
#: 2 workers reached only 1.31x one on 50 MB with 5% damaged.  64 chunks of at
#: most 128 kB keep a worker's pending input under 8 MB.
IN_FLIGHT = 64


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


class WorkerStopped(SystemExit):
    """Raised in a worker told to stop (SIGTERM): unwinds through ``open_atomic``, which deletes its temporary file.

    Not an ``Exception``, so the runner's "one bad file must not stop the run"
    handlers do not swallow it; a ``SystemExit``, so an idle worker it
    reaches exits quietly.
    """


def _stop_worker(signum: int, frame: object) -> None:
    raise WorkerStopped


#: ``prctl`` option: the signal this process gets when its parent dies (linux/prctl.h).
_PR_SET_PDEATHSIG = 1


def _init_worker(parent: int, warm_up: Callable[[], Any] | None) -> None:
    """Set up one worker process: signals, death with the parent, and warm data."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _stop_worker)
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
        except (OSError, AttributeError):  # pragma: no cover - no prctl (unusual libc)
            pass
        if os.getppid() != parent:  # the parent died before prctl took effect
            os._exit(1)
    if warm_up is not None:
        try:
            warm_up()  # with fork, already done in the parent: then this is quick
        except WorkerStopped:
            os._exit(1)


def _run_chunk(fn: Callable[[T], R], chunk: list[T]) -> list[R]:
    try:
        return [fn(item) for item in chunk]
    except WorkerStopped:
        # The pool's worker loop would catch this and wait for more work; a stopped worker exits.
        os._exit(1)


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
    in_flight: int = IN_FLIGHT,
    weight: Callable[[T], int] | None = None,
    max_weight: int = CHUNK_BYTES,
    warm_up: Callable[[], Any] | None = None,
) -> Iterator[R]:
    """Yield ``fn(item)`` for every item, in input order, using ``jobs`` processes.

    ``fn`` must be a picklable (module-level) function.  At most
    ``jobs * in_flight`` chunks are pending at once, so memory stays bounded
    however long ``items`` is; the window is wide because results are taken
    in order, and a slow chunk at its head must not leave the other workers
    idle.  A chunk holds up to ``chunksize`` items, fewer if their ``weight``
    reaches ``max_weight``.  With ``jobs == 1`` everything runs in this
    process (no pickling, easy debugging).  ``warm_up`` (picklable) loads
    what ``fn`` needs once per process, before the workers start.
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
    frozen = warm_up is not None and multiprocessing.get_start_method() == "fork"
    if frozen:
        warm_up()  # forked workers inherit it (copy-on-write) instead of each loading it again
        gc.freeze()  # keep the collector from touching, hence copying, every inherited page in each worker
    pool = ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker, initargs=(os.getpid(), warm_up))
    try:
        submit = partial(pool.submit, _run_chunk, fn)
        yield from in_order(submit, itertools.chain((first, second), chunks), jobs * in_flight)
    except BaseException:
        # Ctrl-C, SIGTERM or a dead worker: stop the others now rather than after their chunks.
        _terminate_workers(pool)
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        if frozen:
            gc.unfreeze()  # a library caller's objects are collectable again once the workers are gone


def _terminate_workers(pool: ProcessPoolExecutor) -> None:
    """SIGTERM every worker of ``pool``: each abandons its chunk cleanly (see :class:`WorkerStopped`)."""
    for process in list((getattr(pool, "_processes", None) or {}).values()):  # no public API lists them
        try:
            process.terminate()
        except (OSError, ValueError):  # already gone
            pass


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

#!/usr/bin/env python3
"""Scale benchmark: throughput of one process, ``--jobs N`` and a Dask LocalCluster, and peak memory.

    python3 scripts/bench_scale.py --corpus /tmp/zhc                  # small (10 MB), all three modes
    python3 scripts/bench_scale.py --corpus /tmp/zhc --damaged 1.0    # every document damaged (slow path)
    python3 scripts/bench_scale.py --corpus /tmp/zh1g --size-mb 1024 --shard-mb 16 --modes jobs   # 1 GB, memory

It builds (once; reused if present) a JSON Lines corpus in shards under
``--corpus``: People's Daily articles from the shared corpus, one article per
record, repeated; a ``--damaged`` share of the records is damaged with
``zhclean.testing`` (:data:`LIGHT_DAMAGE`: the seed-like and PDF-like mixes and
single mechanisms).  Damaged variants are generated for the first 24 MB and
then repeated, so building 1 GB takes minutes, not hours.  Then it cleans the same corpus with each mode into a scratch
output directory (the corpus itself is never rewritten), and prints MB/s of
input, the ratios to one process, and the peak resident memory of every
process involved (sampled every 0.1 s with psutil, so it can miss very short
peaks).  Throughput is corpus bytes over wall time, start-up included.

Run it on an otherwise idle machine: on a shared machine the ratios say more
about the neighbours than about zhclean.  "cores busy" (CPU seconds of all
processes involved over wall time) shows whether the workers really ran in
parallel even when the neighbours cap the wall-clock gain.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src"
sys.path.insert(0, str(SRC))
DEFAULT_SOURCE = ROOT.parent / "shared" / "corpus" / "rmrb"


# ------------------------------------------------------------------ corpus


#: Light, realistic damage for a share of documents: the two mixes taken from the seeds, and single
#: mechanisms that web scrapes and PDF extraction commonly show.  Weights are shares of damaged documents.
LIGHT_DAMAGE = (
    (0.1, "seedlike"),  # seeds 001/004: s2t, pinyin notes, GBK phase slips, ASCII punctuation
    (0.2, "pdflike"),  # seed 002: space-joined column wraps, a caption block, ASCII commas and quotes
    (0.2, "stray_html"),
    (0.2, "halfwidth_punctuation"),
    (0.15, "inline_pinyin"),
    (0.15, "gbk_as_latin1"),
)


def light_damage(share: float):
    """``damage(text, rng)``: ``text`` unchanged, or (with probability ``share``) damaged as :data:`LIGHT_DAMAGE` says."""
    from zhclean import testing as t

    mixes = {"seedlike": t.SEEDLIKE, "pdflike": t.PDFLIKE}
    weights = [w for w, _ in LIGHT_DAMAGE]
    names = [n for _, n in LIGHT_DAMAGE]

    def damage(text: str, rng: random.Random) -> str:
        if rng.random() >= share:
            return text  # clean documents exercise the fast path
        name = rng.choices(names, weights)[0]
        seed = rng.randrange(1 << 30)
        if name in mixes:
            return t.combine(text, seed, mixes[name], name=name).text
        return t.MECHANISMS[name](text, seed).text

    how = ", ".join(f"{n} {w:.0%}" for w, n in LIGHT_DAMAGE)
    return damage, f"{share:.0%} of documents damaged ({how} of those)"


def build_corpus(corpus: Path, size_mb: float, shard_mb: float, source: Path, share: float, seed: int = 8) -> str:
    """Write JSONL shards totalling about ``size_mb`` MB under ``corpus``; returns how it was damaged."""
    marker = corpus / "corpus.json"
    damage, how = light_damage(share)
    if marker.exists():
        info = json.loads(marker.read_text())
        if (info.get("size_mb"), info.get("share"), info.get("shard_mb"), info.get("damage")) == (size_mb, share, shard_mb, how):
            return how + " (reused)"
        shutil.rmtree(corpus)
    corpus.mkdir(parents=True, exist_ok=True)
    articles = [p.read_text(encoding="utf-8").strip() for p in sorted(source.glob("*.txt"))]
    if not articles:
        sys.exit(f"no articles under {source} (use --source)")
    rng = random.Random(seed)
    # Damage is costly to generate, so make a pool of damaged variants and repeat it.
    pool = []
    pool_target = min(size_mb, 24) * 1e6
    pool_bytes = 0
    while pool_bytes < pool_target:
        for text in articles:
            doc = damage(text, rng)
            pool.append(doc)
            pool_bytes += len(doc.encode("utf-8"))
            if pool_bytes >= pool_target:
                break
    target = size_mb * 1e6
    written, shard, n = 0, None, 0
    shard_bytes = shard_mb * 1e6
    out = None
    try:
        while written < target:
            for doc in pool:
                if out is None or out.tell() >= shard_bytes:
                    if out:
                        out.close()
                    out = open(corpus / f"shard-{shard or 0:05d}.jsonl", "wb")
                    shard = (shard or 0) + 1
                line = json.dumps({"id": n, "text": doc, "source": "rmrb"}, ensure_ascii=False).encode("utf-8") + b"\n"
                out.write(line)
                written += len(line)
                n += 1
                if written >= target:
                    break
    finally:
        if out:
            out.close()
    marker.write_text(json.dumps({"size_mb": size_mb, "shard_mb": shard_mb, "share": share, "records": n, "bytes": written, "damage": how}))
    return how


def corpus_bytes(corpus: Path) -> int:
    return sum(p.stat().st_size for p in corpus.glob("*.jsonl"))


# ------------------------------------------------------------------ memory


class PeakRSS:
    """Sample the resident memory of this process and all its descendants."""

    def __init__(self, interval: float = 0.1):
        self.interval = interval
        self.peaks: dict[int, tuple[int, str]] = {}
        self.cpu: dict[int, float] = {}  # last seen CPU seconds of each process
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        me = psutil.Process()
        while not self._stop.is_set():
            for p in [me, *me.children(recursive=True)]:
                try:
                    rss = p.memory_info().rss
                    name = " ".join(p.cmdline()[1:4])[:60]
                    times = p.cpu_times()
                except psutil.Error:
                    continue
                if p.pid != me.pid:
                    self.cpu[p.pid] = times.user + times.system
                if rss > self.peaks.get(p.pid, (0, ""))[0]:
                    self.peaks[p.pid] = (rss, name)
            self._stop.wait(self.interval)

    def __enter__(self) -> "PeakRSS":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def summary(self) -> str:
        top = sorted(self.peaks.values(), reverse=True)
        return ", ".join(f"{rss / 2**20:.0f} MB" for rss, _ in top[:6]) + (f" (+{len(top) - 6} more)" if len(top) > 6 else "")

    @property
    def busiest_cpu(self) -> float:
        """CPU seconds of the busiest child process (sampled, so a little low)."""
        return max(self.cpu.values(), default=0.0)

    @property
    def max_mb(self) -> float:
        return max((r for r, _ in self.peaks.values()), default=0) / 2**20


# ------------------------------------------------------------------ modes


def run_cli(corpus: Path, out: Path, jobs: int) -> None:
    cmd = [sys.executable, "-m", "zhclean", "fix", str(corpus), "--jsonl-field", "text", "--output-dir", str(out), "--jobs", str(jobs), "--quiet", "--no-cache"]
    env = dict(os.environ, PYTHONPATH=str(SRC) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if proc.returncode not in (0, 1):
        sys.exit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{proc.stderr[-2000:]}")


def run_dask(corpus: Path, out: Path, workers: int) -> None:
    from distributed import Client, LocalCluster

    from zhclean.dask import fix_path

    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=40) as cluster, Client(cluster) as client:
        summary = fix_path(corpus, client=client, output_dir=out, jsonl_field="text")
    if summary.errors:
        sys.exit(f"dask run had errors: {summary.errors[:3]}")


def _cpu_seconds() -> float:
    """CPU time of this process and of its finished children (the CLI, its workers, Dask workers)."""
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def measure(name: str, fn, corpus: Path, size: int) -> tuple[float, PeakRSS]:
    scratch = Path(tempfile.mkdtemp(prefix=f"zhclean-bench-{name}-"))
    try:
        cpu0 = _cpu_seconds()
        with PeakRSS() as rss:
            start = time.perf_counter()
            fn(corpus, scratch / "out")
            seconds = time.perf_counter() - start
        cpu = _cpu_seconds() - cpu0
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    mbps = size / 1e6 / seconds
    print(
        f"  {name:<22} {seconds:8.1f} s  {mbps:7.2f} MB/s  CPU {cpu:7.1f} s = {cpu / seconds:4.2f} cores busy"
        f" (busiest process {rss.busiest_cpu:.1f} s)   peak RSS per process: {rss.summary()}",
        flush=True,
    )
    return mbps, rss, cpu


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, required=True, help="directory for the generated JSONL corpus")
    ap.add_argument("--size-mb", type=float, default=10, help="corpus size in MB (default 10; 1024 for the 1 GB check)")
    ap.add_argument("--shard-mb", type=float, default=4, help="size of each JSONL shard")
    ap.add_argument("--jobs", type=int, default=2, help="processes for the --jobs and Dask modes")
    ap.add_argument("--modes", default="single,jobs,dask", help="comma-separated: single, jobs, dask")
    ap.add_argument("--source", type=Path, default=DEFAULT_SOURCE, help="directory of clean .txt articles")
    ap.add_argument("--damaged", type=float, default=0.05, help="share of documents that get damage (default 0.05)")
    args = ap.parse_args()

    t0 = time.perf_counter()
    how = build_corpus(args.corpus, args.size_mb, args.shard_mb, args.source, args.damaged)
    size = corpus_bytes(args.corpus)
    shards = len(list(args.corpus.glob("*.jsonl")))
    print(flush=True)
    print(f"corpus: {args.corpus} — {size / 1e6:.1f} MB in {shards} JSONL shards; damage: {how} ({time.perf_counter() - t0:.0f} s)")
    print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f} before the runs", flush=True)
    modes = {
        "single": (f"zhclean fix --jobs 1", lambda c, o: run_cli(c, o, 1)),
        "jobs": (f"zhclean fix --jobs {args.jobs}", lambda c, o: run_cli(c, o, args.jobs)),
        "dask": (f"dask LocalCluster x{args.jobs}", lambda c, o: run_dask(c, o, args.jobs)),
    }
    results = {}
    for key in args.modes.split(","):
        label, fn = modes[key]
        results[key] = measure(label, fn, args.corpus, size)
    if "single" in results:
        base, _, base_cpu = results["single"]
        for key in ("jobs", "dask"):
            if key in results:
                mbps, rss, _ = results[key]
                # On idle cores the wall time would be about the busiest worker's CPU time.
                idle = base_cpu / rss.busiest_cpu if rss.busiest_cpu else float("nan")
                print(f"  ratio {modes[key][0]} / one process: {mbps / base:.2f}x measured;"
                      f" {idle:.2f}x expected on idle cores (one-process CPU s / busiest worker CPU s)")
    worst = max(r.max_mb for _, r, _ in results.values())
    print(f"  largest process peak: {worst:.0f} MB ({'under' if worst < 1024 else 'OVER'} 1 GB); load average now {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()

"""Resumable runs: remember which files are already clean under which options.

A nightly job or a pre-commit hook over a large corpus should touch only what
changed.  The cache maps each file to the hash of its content after the last
run and a fingerprint of the options (and zhclean version) used; a file whose
hash and options are both unchanged is skipped.  Hashes, not modification
times, decide, so a ``touch`` or a fresh checkout does not force work and an
edit that keeps the mtime is still seen.

Only the parent process reads and writes the cache file (workers return
digests), and it is saved atomically every few seconds, so a run that is
interrupted keeps the progress it made and the next run resumes from there.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import time
from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping

from .io import write_text_atomic

#: Default cache file name, created in the working directory.
CACHE_NAME = ".zhclean-cache.json"
_FORMAT = 1


def content_digest(data: bytes) -> str:
    """A short, fast content hash (BLAKE2b, 128 bits)."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def options_fingerprint(settings: Any, **extra: Any) -> str:
    """Hash the settings (filters and options), zhclean's code and anything else that changes the output.

    ``extra`` carries run settings such as the output directory or JSONL
    field: the same file cleaned to another place is not "already done".
    """
    if dataclasses.is_dataclass(settings):
        settings = {k: v for k, v in dataclasses.asdict(settings).items() if k != "source"}
    blob = json.dumps({"code": code_fingerprint(), "settings": settings, **extra}, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.blake2b(blob.encode("utf-8"), digest_size=16).hexdigest()


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """The version plus the size and mtime of every module and data file of the package.

    A new release, or a filter edited in a development checkout, must not
    leave files marked clean by the old code.
    """
    from . import __version__

    package = Path(__file__).resolve().parent
    h = hashlib.blake2b(__version__.encode(), digest_size=16)
    for p in sorted(package.rglob("*")):
        if p.suffix in (".py", ".txt", ".json", ".gz", ".pkl") and "__pycache__" not in p.parts:
            st = p.stat()
            h.update(f"{p.relative_to(package)}:{st.st_size}:{st.st_mtime_ns}\n".encode())
    return h.hexdigest()


class RunCache:
    """The content hashes of files processed under one options fingerprint.

    Use as a context manager so the cache is saved even when the run is
    interrupted::

        with RunCache.open(".zhclean-cache.json", fingerprint) as cache:
            if cache.is_fresh(path, digest): ...
            cache.record(path, new_digest)
    """

    def __init__(self, path: str | os.PathLike[str], fingerprint: str, entries: dict[str, dict[str, str]] | None = None):
        self.path = Path(path)
        self.fingerprint = fingerprint
        self._entries = entries or {}
        self._base = self.path.resolve().parent
        self._dirty = False
        self._last_save = time.monotonic()

    @classmethod
    def open(cls, path: str | os.PathLike[str], fingerprint: str) -> "RunCache":
        """Load the cache at ``path``; a missing or unreadable cache is simply empty."""
        entries: dict[str, dict[str, str]] = {}
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
            if isinstance(data, dict) and data.get("format") == _FORMAT and isinstance(data.get("files"), dict):
                entries = {k: v for k, v in data["files"].items() if isinstance(v, dict)}
        except (OSError, ValueError):
            pass
        return cls(path, fingerprint, entries)

    def _key(self, file: str | os.PathLike[str]) -> str:
        resolved = Path(file).resolve()
        try:
            return resolved.relative_to(self._base).as_posix()
        except ValueError:
            return resolved.as_posix()

    def known(self, file: str | os.PathLike[str]) -> str | None:
        """The digest recorded for ``file`` under the current options, if any."""
        entry = self._entries.get(self._key(file))
        if entry and entry.get("options") == self.fingerprint:
            return entry.get("digest")
        return None

    def is_fresh(self, file: str | os.PathLike[str], digest: str) -> bool:
        """True when ``file`` already had content ``digest`` after a run with these options."""
        return self.known(file) == digest

    def record(self, file: str | os.PathLike[str], digest: str) -> None:
        """Remember that ``file`` now holds content ``digest``, processed with these options."""
        self._entries[self._key(file)] = {"digest": digest, "options": self.fingerprint}
        self._dirty = True

    def forget(self, file: str | os.PathLike[str]) -> None:
        """Drop ``file`` (it failed, or would change under ``--check``)."""
        if self._entries.pop(self._key(file), None) is not None:
            self._dirty = True

    def save(self) -> None:
        """Write the cache atomically (only if something changed)."""
        if not self._dirty:
            return
        payload = {"format": _FORMAT, "files": dict(sorted(self._entries.items()))}
        write_text_atomic(self.path, json.dumps(payload, ensure_ascii=False, indent=0) + "\n")
        self._dirty = False
        self._last_save = time.monotonic()

    def checkpoint(self, every: float = 5.0) -> None:
        """Save if the last save is more than ``every`` seconds old (progress survives a crash)."""
        if self._dirty and time.monotonic() - self._last_save >= every:
            self.save()

    def __len__(self) -> int:
        return len(self._entries)

    def __enter__(self) -> "RunCache":
        return self

    def __exit__(self, *exc: object) -> None:
        self.save()

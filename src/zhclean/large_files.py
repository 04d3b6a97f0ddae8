"""Files too big to clean in one piece.

The pipeline keeps each filter's output, so cleaning a text costs several
copies of it; for a 200 MB file that is gigabytes.  Large files are therefore
read in blocks of about a megabyte, cut where the text itself has a boundary,
and each block is decoded, cleaned and appended to an atomic output file.

Where to cut matters for do-no-harm: a block ends after a blank line if it can
(paragraphs never influence each other's cleaning), else after a line break,
and the next block never starts with a line break, so the output contract
("at most one blank line", "no leading blank lines") holds across blocks as it
would for the whole text.  Cutting at ``\\n`` or ``\\r`` bytes is safe in every
supported encoding except UTF-16/32, which are decoded incrementally instead.
Each block is decoded with :func:`zhclean.io.decode_bytes`, so a file mixing
UTF-8 and GBK blocks is read the same way a small mixed file is.
"""

from __future__ import annotations

import codecs
import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO, Callable, Iterator, Mapping

from .io import InputError, decode_bytes
from .jsonl import open_atomic
from .parallel import pipeline_from_spec
from .pipeline import Result

#: Files at least this big are cleaned block by block.
LARGE_FILE_BYTES = 32 * 1024 * 1024
#: Target block size; a block grows past it only to reach a line boundary.
BLOCK_BYTES = 1024 * 1024
_READ = 1024 * 1024
_UTF16_32_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_FULL_STOP_UTF8 = "。".encode("utf-8")


def _cut(buf: bytes, block: int) -> int:
    """Where to end a block in ``buf`` of target size ``block``, or -1 to read more.

    Prefer the last blank line before ``2 * block``, then the last line break
    before ``block``, then the first line break after it.
    """
    half = block // 2
    for sep, end in ((b"\n\n", 2 * block), (b"\n\r\n", 2 * block), (b"\n", block)):
        i = buf.rfind(sep, half, end)
        while i >= 0:
            j = _skip_newlines(buf, i + len(sep))
            if j < len(buf):  # the next block must start with real content
                return j
            i = buf.rfind(sep, half, i)
    i = buf.find(b"\n", block)
    while i >= 0:
        j = _skip_newlines(buf, i + 1)
        if j < len(buf):
            return j
        i = buf.find(b"\n", j)
    i = buf.rfind(b"\r", half, len(buf) - 1)  # old Mac line endings
    if i >= 0 and buf[i + 1 : i + 2] != b"\n":
        return i + 1
    # One huge line: cut after a full stop, but only in text that is UTF-8.
    i = buf.rfind(_FULL_STOP_UTF8, half)
    if i >= 0:
        try:
            buf[: i + 3].decode("utf-8")
            return i + 3
        except UnicodeDecodeError:
            pass
    return -1


def _skip_newlines(buf: bytes, j: int) -> int:
    while j < len(buf) and buf[j] in b"\r\n":
        j += 1
    return j


def iter_byte_blocks(fh: BinaryIO, block_bytes: int = BLOCK_BYTES) -> Iterator[bytes]:
    """Split a byte stream into blocks of about ``block_bytes``, ending at text boundaries."""
    buf = b""
    while True:
        data = fh.read(_READ)
        buf += data
        while len(buf) >= block_bytes:
            cut = _cut(buf, block_bytes)
            if cut < 0:
                break
            yield buf[:cut]
            buf = buf[cut:]
        if not data:
            break
    if buf:
        yield buf


def iter_text_blocks(path: str | os.PathLike[str], block_bytes: int = BLOCK_BYTES) -> Iterator[tuple[str, str]]:
    """Yield ``(text, encoding)`` blocks of the file at ``path``, decoded block by block."""
    with open(path, "rb") as fh:
        head = fh.read(4)
        fh.seek(0)
        if head.startswith(_UTF16_32_BOMS):
            yield from _iter_wide(fh, block_bytes)
            return
        first = True
        for block in iter_byte_blocks(fh, block_bytes):
            try:
                decoded = decode_bytes(block)
            except InputError as exc:
                raise InputError(f"{exc} (in the block starting near byte {fh.tell() - len(block)})") from None
            if not first and decoded.encoding == "utf-8-sig":
                raise InputError("byte-order mark in the middle of the file")
            first = False
            yield decoded.text, decoded.encoding


def _iter_wide(fh: BinaryIO, block_bytes: int) -> Iterator[tuple[str, str]]:
    head = fh.read(4)
    enc = "utf-32" if head in (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE) else "utf-16"
    fh.seek(0)
    decoder = codecs.getincrementaldecoder(enc)("strict")
    pending = ""
    try:
        while data := fh.read(block_bytes):
            pending += decoder.decode(data)
            cut = pending.rfind("\n\n")
            cut = cut + 2 if cut >= 0 else pending.rfind("\n") + 1
            if cut > 0:
                yield pending[:cut].lstrip("\ufeff"), enc
                pending = pending[cut:]
        pending += decoder.decode(b"", final=True)
    except UnicodeDecodeError as exc:
        raise InputError(f"starts with a {enc} byte-order mark but is not {enc}: {exc.reason}", "undecodable") from None
    if pending:
        yield pending.lstrip("\ufeff"), enc


@dataclass
class LargeOutcome:
    """What cleaning a large file did (no text kept: it has been written)."""

    changed: bool = False
    counts: Counter[str] = field(default_factory=Counter)
    encoding: str = "utf-8"
    chars: int = 0
    blocks: int = 0


class _Unchanged(Exception):
    pass


def fix_large_file(
    path: str | os.PathLike[str],
    target: str | os.PathLike[str] | None,
    spec: Mapping[str, Any],
    *,
    on_block: Callable[[int, Result], None] | None = None,
    block_bytes: int = BLOCK_BYTES,
) -> LargeOutcome:
    """Clean ``path`` block by block into ``target`` (``None``: only check).

    ``on_block(offset, result)`` receives each block's result with ``offset``,
    the block's start in the whole decoded text, so reports can shift edit
    offsets.  In place (``target == path``), an unchanged file is left as is.
    """
    pipeline = pipeline_from_spec(spec)
    outcome = LargeOutcome()
    encodings: list[str] = []
    in_place = target is not None and Path(target).resolve() == Path(path).resolve()

    def results() -> Iterator[str]:
        last = ""
        for text, enc in iter_text_blocks(path, block_bytes):
            if enc not in encodings:
                encodings.append(enc)
            result = pipeline.run(text)
            if on_block is not None:
                on_block(outcome.chars, result)
            outcome.chars += len(text)
            outcome.blocks += 1
            outcome.changed |= result.changed
            outcome.counts.update(result.counts)
            last = result.text or last
            yield result.text
        if last and not last.endswith("\n"):
            outcome.changed = True
            yield "\n"

    try:
        if target is None:
            for _ in results():
                pass
        else:
            with open_atomic(target) as out:
                for piece in results():
                    out.write(piece.encode("utf-8"))
                outcome.encoding = "+".join(encodings) or "utf-8"
                if in_place and not outcome.changed and outcome.encoding == "utf-8":
                    raise _Unchanged
    except _Unchanged:
        pass
    outcome.encoding = "+".join(encodings) or "utf-8"
    if outcome.encoding != "utf-8":
        outcome.changed = True  # rewritten as UTF-8
    return outcome

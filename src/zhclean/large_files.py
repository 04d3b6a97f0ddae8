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
from typing import BinaryIO, Callable, Iterator

import regex

from .io import InputError, decode_bytes, open_atomic
from .pipeline import Edit, Pipeline, Result

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
    notices: int = 0


class _Unchanged(Exception):
    pass


@dataclass(frozen=True)
class Block:
    """One cleaned block, for reports: where it starts in the whole text and how it was joined."""

    offset: int  # character offset of the block in the whole decoded text
    line: int  # number of line breaks before it
    result: Result  # the pipeline's result for the block's text (without its trailing line breaks)
    sep_in: str  # the line breaks that followed the block in the input
    sep_out: str  # what they became in the output
    sep_edits: tuple[Edit, ...] = ()  # those changes as edits (offsets in the whole text)


def _separator_edits(start: int, sep_in: str, breaks: int) -> list[Edit]:
    """The edits the whole-text pipeline would report for a run of line breaks between blocks."""
    edits = [
        Edit(start + m.start(), start + m.end(), m.group(0), "\n", "newlines", "normalise line ending")
        for m in _BREAK.finditer(sep_in)
        if m.group(0) != "\n"
    ]
    if breaks >= 3:
        edits.append(Edit(start, start + len(sep_in), "\n" * breaks, "\n\n", "tidy", "collapse blank lines"))
    return edits


_TRAILING_BREAKS = regex.compile(r"[\r\n]+\Z")
_BREAK = regex.compile(r"\r\n|\r|\n")


def fix_large_file(
    path: str | os.PathLike[str],
    target: str | os.PathLike[str] | None,
    pipeline: Pipeline,
    *,
    on_block: Callable[[Block], None] | None = None,
    block_bytes: int = BLOCK_BYTES,
) -> LargeOutcome:
    """Clean ``path`` block by block into ``target`` (``None``: only check).

    Each block is cleaned without the line breaks that end it: the output
    contract trims blank lines at the ends of a text, which must not happen at
    a block boundary.  The breaks are then written the way the whole-text
    pipeline writes them (LF; two or more become one blank line; at the end of
    the file, exactly one).  ``on_block`` receives each :class:`Block` so
    reports can shift offsets.  In place, an unchanged file is left as is.
    """
    outcome = LargeOutcome()
    encodings: list[str] = []
    in_place = target is not None and Path(target).resolve() == Path(path).resolve()

    def pieces() -> Iterator[str]:
        line = 0
        pending_sep = ""  # the previous block's breaks, written once we know it was not the last
        emitted = False
        last_sep_in = ""
        for text, enc in iter_text_blocks(path, block_bytes):
            if enc not in encodings:
                encodings.append(enc)
            m = _TRAILING_BREAKS.search(text)
            body, sep_in = (text[: m.start()], m.group(0)) if m else (text, "")
            result = pipeline.run(body)
            cleaned = result.text.rstrip("\n")  # the pipeline may end a text with a line break
            breaks = len(_BREAK.findall(sep_in)) + len(result.text) - len(cleaned)
            sep_out = "\n\n" if breaks >= 2 else "\n" if breaks else ""
            if cleaned:
                if pending_sep:
                    yield pending_sep
                yield cleaned
                pending_sep = sep_out
                emitted = True
            sep_edits = _separator_edits(outcome.chars + len(body), sep_in, len(_BREAK.findall(sep_in))) if sep_in else []
            outcome.counts.update(e.filter for e in sep_edits)
            if on_block is not None:
                on_block(Block(outcome.chars, line, result, sep_in, sep_out, tuple(sep_edits)))
            line += len(_BREAK.findall(text))
            outcome.chars += len(text)
            outcome.blocks += 1
            outcome.changed |= result.changed or sep_in != sep_out
            outcome.counts.update(result.counts)
            outcome.notices += len(result.notices)
            last_sep_in = sep_in
        if pending_sep or emitted:
            yield "\n"  # exactly one final newline
            outcome.changed |= last_sep_in != "\n"

    try:
        if target is None:
            for _ in pieces():
                pass
        else:
            with open_atomic(target) as out:
                for piece in pieces():
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

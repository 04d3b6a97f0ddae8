"""Reading bytes into text and writing text back, safely.

Decoding happens once, at the edge, and records the encoding it used:

1. A byte-order mark decides (UTF-8, UTF-16, UTF-32).
2. Valid UTF-8 always wins: charset detectors sometimes call short UTF-8
   Chinese text something else, and valid UTF-8 is almost never an accident.
3. Otherwise the lines that are not UTF-8 are decoded as GB18030 (a superset of
   GBK and GB2312) or Big5, whichever gives text the language model finds more
   probable.  charset-normalizer only breaks ties: on short GBK excerpts it is
   wrong a third of the time, the language model almost never.
4. Files that mix UTF-8 lines with GBK lines (concatenated scrapes) are decoded
   line by line; a line valid in both goes to the more probable reading.  The
   encoding is then reported as ``utf-8+gb18030``.

Anything else (NUL bytes, control characters, bytes valid in no supported
encoding, UTF-8 cut off mid-character) raises :class:`InputError` with a
reason a user can act on.  Nothing is ever decoded with replacement
characters: a lossy decode followed by an in-place rewrite would destroy data.

Writes are atomic: a temporary file in the same directory is renamed over the
target, so an interrupted run never leaves a half-written file.
"""

from __future__ import annotations

import codecs
import os
import signal
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Iterator

import regex


class InputError(Exception):
    """Input that cannot be read as text.

    ``kind`` lets callers treat cases differently: a directory walk silently
    skips ``"binary"`` files but reports every other kind as an error.
    """

    def __init__(self, message: str, kind: str = "unreadable"):
        super().__init__(message)
        self.kind = kind


#: The legacy Chinese encodings tried for bytes that are not UTF-8.  GB18030
#: covers GB2312 and GBK; cp950 is Microsoft's Big5 with extensions.
LEGACY_ENCODINGS = ("gb18030", "big5", "cp950")

_BOMS = (  # UTF-32 first: its little-endian BOM starts with UTF-16's.
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# C0 controls other than tab, newlines and form feed, DEL, and the Unicode
# non-characters U+FFFE/U+FFFF: a few may appear in scraped text, many mean binary.
_CONTROL = regex.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f\ufffe\uffff]")
_UNLIKELY = regex.compile(r"[\p{Cn}\p{Co}\p{Cs}]")  # unassigned, private use, lone surrogates
# A few stray control characters are damaged text (and zhclean leaves them
# alone); many, in a large share of the file, mean it is not text.  The count
# floor keeps a short file from flipping to "binary" once its fixes shorten it.
_MAX_CONTROL_SHARE = 0.1
_MIN_CONTROLS_FOR_BINARY = 16
# Share of undecodable characters above which bytes are called binary rather
# than text in an unsupported encoding.
_MAX_UNDECODABLE_SHARE = 0.1
_MIN_UNDECODABLE_FOR_BINARY = 8  # a short file with one bad byte is text in the wrong encoding
# Bytes scored by the language model when choosing an encoding.
_SAMPLE_BYTES = 16_384


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str


def decode_bytes(data: bytes) -> Decoded:
    """Decode ``data`` as text, or raise :class:`InputError` saying why it is not text."""
    if not data:
        return Decoded("", "utf-8")
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(enc)
            except UnicodeDecodeError as exc:
                raise InputError(f"starts with a {enc} byte-order mark but is not {enc}: {exc.reason}", "undecodable") from None
            return _checked(Decoded(text.lstrip("\ufeff"), enc))
    if b"\x00" in data:
        return _utf16_without_bom(data)
    try:
        return _checked(Decoded(data.decode("utf-8"), "utf-8"))
    except UnicodeDecodeError as exc:
        if exc.reason == "unexpected end of data" and not data[: exc.start].isascii():
            raise InputError(
                f"ends in the middle of a UTF-8 character at byte {exc.start} (truncated input?)", "truncated"
            ) from None
    return _checked(_decode_legacy(data))


def _checked(decoded: Decoded) -> Decoded:
    sample = decoded.text[:1_000_000]
    controls = len(_CONTROL.findall(sample))
    if controls >= _MIN_CONTROLS_FOR_BINARY and controls > _MAX_CONTROL_SHARE * len(sample):
        raise InputError(f"looks binary (many control characters when read as {decoded.encoding})", "binary")
    return decoded


def _utf16_without_bom(data: bytes) -> Decoded:
    """UTF-16 without a BOM shows NULs in only odd (LE) or only even (BE) positions.

    Without a BOM that is weak evidence, so the text must also be free of
    control characters and unassigned or private-use code points, and read as
    language: binary data with a few NULs at odd offsets decodes to rare Han
    characters (``abc\\0def`` -> ``扡c敤``), which the language model scores
    far below real text of any script it knows.
    """
    odd, even = data[1::2].count(0), data[0::2].count(0)
    if len(data) % 2 == 0 and (odd == 0) != (even == 0):
        enc = "utf-16-le" if even == 0 else "utf-16-be"
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            text = None
        if text is not None and not _CONTROL.search(text) and not _UNLIKELY.search(text) and _reads_as_text(text):
            return Decoded(text, enc)
    raise InputError("looks binary (contains NUL bytes)", "binary")


#: Average log-probability per character below which a BOM-less UTF-16 reading
#: is taken for binary.  Chinese prose scores about -5 to -7 and English about
#: -7.5; bytes decoded at random score -12 or lower.
_MIN_UTF16_LOGP_PER_CHAR = -10.0


def _reads_as_text(text: str) -> bool:
    from .lang.model import get_model

    return get_model().per_char(text[:2000]) > _MIN_UTF16_LOGP_PER_CHAR


def _decode_legacy(data: bytes) -> Decoded:
    lines = data.split(b"\n")  # safe: 0x0A is never part of a GBK, GB18030 or Big5 character
    foreign = [line for line in lines if not _valid_utf8(line)]
    legacy = _choose_legacy(b"\n".join(foreign))
    if legacy is None:
        _raise_undecodable(lines)
    if len(foreign) == len(lines) or not any(not line.isascii() for line in lines if _valid_utf8(line)):
        try:
            return Decoded(data.decode(legacy), legacy)
        except UnicodeDecodeError:
            _raise_undecodable(lines)
    # Some lines are UTF-8 and some are not: decode each line on its own.
    out, used_utf8 = [], False
    for line in lines:
        text, enc = _decode_line(line, legacy)
        if text is None:
            _raise_undecodable(lines)
        used_utf8 |= enc == "utf-8" and not line.isascii()
        out.append(text)
    return Decoded("\n".join(out), f"utf-8+{legacy}" if used_utf8 else legacy)


def _valid_utf8(line: bytes) -> bool:
    try:
        line.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _decode_line(line: bytes, legacy: str) -> tuple[str | None, str]:
    readings = {}
    for enc in ("utf-8", legacy):
        try:
            readings[enc] = line.decode(enc)
        except UnicodeDecodeError:
            continue
    if not readings:
        return None, ""
    if len(readings) == 2 and readings["utf-8"] != readings[legacy]:
        from .lang.model import get_model

        model = get_model()
        best = max(readings, key=lambda e: model.per_char(readings[e]))
        return readings[best], best
    enc = next(iter(readings))
    return readings[enc], enc


def _choose_legacy(data: bytes) -> str | None:
    """The legacy encoding that decodes ``data`` into the most probable Chinese."""
    candidates = []
    for enc in LEGACY_ENCODINGS:
        if enc == "cp950" and "big5" in candidates:
            continue  # cp950 only matters when strict Big5 fails
        try:
            data.decode(enc)
        except UnicodeDecodeError:
            continue
        candidates.append(enc)
    if len(candidates) <= 1:
        return candidates[0] if candidates else None
    sample = data[:_SAMPLE_BYTES]
    cut = sample.rfind(b"\n")
    if 0 < cut and len(data) > _SAMPLE_BYTES:
        sample = sample[:cut]
    from .lang.model import get_model

    model = get_model()
    scores = {}
    for enc in candidates:
        try:
            scores[enc] = model.per_char(sample.decode(enc))
        except UnicodeDecodeError:  # the sample cut splits a character
            scores[enc] = float("-inf")
    ranked = sorted(candidates, key=lambda e: -scores[e])
    if scores[ranked[0]] > scores[ranked[1]]:
        return ranked[0]
    return _charset_normalizer_choice(data, candidates)


def _charset_normalizer_choice(data: bytes, candidates: list[str]) -> str:
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=candidates).best()
    if best is not None and best.encoding in candidates:
        return best.encoding
    return candidates[0]


def _raise_undecodable(lines: list[bytes]) -> None:
    bad = [i for i, line in enumerate(lines) if not _valid_utf8(line) and not _any_legacy(line)]
    if not bad:  # each line decodes, but not all in one legacy encoding
        raise InputError("mixes legacy encodings (GB18030 and Big5 lines); convert it to UTF-8 first", "undecodable")
    data = b"\n".join(lines)
    sample = data[:1_000_000].decode("gb18030", errors="replace")
    undecodable = sample.count("\ufffd")
    if undecodable > _MAX_UNDECODABLE_SHARE * len(sample) and undecodable >= _MIN_UNDECODABLE_FOR_BINARY:
        raise InputError("looks binary (mostly not valid UTF-8, UTF-16, GB18030 or Big5)", "binary")
    guess = _charset_normalizer_guess(data)
    hint = f"; charset-normalizer guesses {guess}, which zhclean does not read" if guess else ""
    raise InputError(f"line {bad[0] + 1} is not valid UTF-8, GB18030 or Big5{hint}", "undecodable")


def _any_legacy(line: bytes) -> bool:
    for enc in LEGACY_ENCODINGS:
        try:
            line.decode(enc)
        except UnicodeDecodeError:
            continue
        return True
    return False


def _charset_normalizer_guess(data: bytes) -> str | None:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    return best.encoding if best is not None else None


def read_text(path: str | os.PathLike[str]) -> Decoded:
    """Read and decode a file; every failure becomes an :class:`InputError` naming the reason."""
    return decode_bytes(read_bytes(path))


def read_bytes(path: str | os.PathLike[str]) -> bytes:
    """Read a file's bytes; every failure becomes an :class:`InputError` naming the reason."""
    try:
        return Path(path).read_bytes()
    except FileNotFoundError:
        raise InputError("no such file or directory", "missing") from None
    except IsADirectoryError:
        raise InputError("is a directory", "directory") from None
    except PermissionError:
        raise InputError("permission denied", "permission") from None
    except MemoryError:
        raise InputError("too large to read into memory", "unreadable") from None
    except OSError as exc:
        raise InputError(exc.strerror or str(exc), "unreadable") from None


def finalize(text: str) -> str:
    """Apply the file output contract: a final newline on non-empty text."""
    return text if not text or text.endswith("\n") else text + "\n"


def write_text_atomic(path: str | os.PathLike[str], text: str) -> None:
    """Write ``text`` as UTF-8 (no BOM, LF as given) via a temporary file renamed over ``path``."""
    write_bytes_atomic(path, text.encode("utf-8"))


def write_bytes_atomic(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` via a temporary file in the same directory, then rename it over ``path``.

    The rename is atomic on POSIX and Windows, so readers see the old file or
    the new one, never a mix; the target keeps its permission bits.
    """
    with open_atomic(path) as fh:
        fh.write(data)


@contextmanager
def open_atomic(path: str | os.PathLike[str]) -> Iterator[BinaryIO]:
    """A binary file that appears at ``path`` only if the ``with`` block completes.

    Data goes to a temporary file in the same directory that is renamed over
    ``path`` at the end, and deleted if the block raises.  Used directly for
    outputs too large to hold in memory (JSON Lines corpora, huge files).
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    held = _hold_stop_signals()
    try:
        fd, tmp = tempfile.mkstemp(prefix=_temp_prefix(target), suffix=TEMP_SUFFIX, dir=target.parent)
        fh = os.fdopen(fd, "wb")
    except BaseException:
        _release_stop_signals(held)
        raise
    try:
        # A Ctrl-C or SIGTERM that came while the file was being created is raised here, inside the
        # ``try`` that deletes it, not between its creation and the ``try`` (which would leave it behind).
        _release_stop_signals(held)
        with fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        if target.exists():
            os.chmod(tmp, target.stat().st_mode & 0o7777)
        else:  # mkstemp creates 0600; a new file gets the usual permissions
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


_STOP_SIGNALS = {signal.SIGINT, signal.SIGTERM}


def _hold_stop_signals() -> set[int] | None:
    """Defer Ctrl-C and SIGTERM to this thread until :func:`_release_stop_signals`; None where impossible.

    Enough for a single-threaded process (a worker, the command line); in a
    process with other threads the kernel may hand the signal to one of them,
    which is why the command line also sweeps after an interrupt.
    """
    if not hasattr(signal, "pthread_sigmask"):  # pragma: no cover - Windows
        return None
    return signal.pthread_sigmask(signal.SIG_BLOCK, _STOP_SIGNALS)


def _release_stop_signals(held: set[int] | None) -> None:
    if held is not None:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)


#: Temporary files are ``.<name>.<pid>.<random>.zhclean-tmp`` next to their target.
TEMP_SUFFIX = ".zhclean-tmp"


def _temp_prefix(target: Path) -> str:
    return f".{target.name}.{os.getpid()}."


def remove_stale_temp(path: str | os.PathLike[str]) -> bool:
    """Delete ``path`` if it is a temporary file of a zhclean process that no longer runs.

    A run killed outright (SIGKILL, power loss) cannot clean up the temporary
    file it was writing; the next walk over the directory does.  The target
    itself was never touched: the rename had not happened.
    """
    name = os.path.basename(path)
    if not (name.startswith(".") and name.endswith(TEMP_SUFFIX)):
        return False
    parts = name[: -len(TEMP_SUFFIX)].split(".")
    if len(parts) < 4 or not parts[-2].isdigit():
        return False
    if _process_alive(int(parts[-2])):
        return False
    try:
        os.unlink(path)
    except OSError:
        return False
    return True


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True
    try:  # a killed process nobody has reaped yet is a zombie: dead for our purpose
        with open(f"/proc/{pid}/stat", "rb") as fh:
            return fh.read().rsplit(b")", 1)[1].split()[0] != b"Z"
    except (OSError, IndexError):
        return True

"""Reading bytes into text and writing text back, safely.

Decoding happens once, at the edge, and records the encoding it used.  Valid
UTF-8 always wins (charset detectors sometimes call short UTF-8 Chinese text
something else); otherwise charset-normalizer chooses among the encodings
Chinese files really come in.  Writes are atomic: a temporary file in the same
directory is renamed over the target, so an interrupted run never leaves a
half-written file.
"""

from __future__ import annotations

import codecs
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path


class InputError(Exception):
    """Input that cannot be read as text: binary, undecodable, missing or unreadable."""


#: Encodings we accept from detection, most likely first.
CHINESE_ENCODINGS = ("utf_8", "gb18030", "big5", "utf_16", "utf_32")

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf_32"),
    (codecs.BOM_UTF32_BE, "utf_32"),
    (codecs.BOM_UTF8, "utf_8_sig"),
    (codecs.BOM_UTF16_LE, "utf_16"),
    (codecs.BOM_UTF16_BE, "utf_16"),
)


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str


def decode_bytes(data: bytes) -> Decoded:
    """Decode ``data`` as text, or raise :class:`InputError` for binary input."""
    if not data:
        return Decoded("", "utf-8")
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data.decode(enc).lstrip("\ufeff"), enc.replace("_sig", "-sig").replace("_", "-"))
            except UnicodeDecodeError as exc:
                raise InputError(f"starts with a {enc} byte-order mark but does not decode: {exc.reason}") from None
    if b"\x00" in data:
        raise InputError("looks binary (contains NUL bytes)")
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    return _detect(data)


def _detect(data: bytes) -> Decoded:
    from charset_normalizer import from_bytes

    candidates = []
    for enc in ("gb18030", "big5"):
        try:
            candidates.append(Decoded(data.decode(enc), enc))
        except UnicodeDecodeError:
            continue
    if len(candidates) > 1:
        best = from_bytes(data, cp_isolation=["gb18030", "big5"]).best()
        if best is not None:
            chosen = "big5" if best.encoding == "big5" else "gb18030"
            candidates.sort(key=lambda d: d.encoding != chosen)
    if candidates:
        return candidates[0]
    best = from_bytes(data).best()
    if best is None or _control_share(str(best)) > 0.05:
        raise InputError("not text in any supported encoding (UTF-8, UTF-16, GB18030/GBK, Big5)")
    return Decoded(str(best), best.encoding.replace("_", "-"))


def _control_share(text: str) -> float:
    if not text:
        return 0.0
    bad = sum(1 for ch in text if (ord(ch) < 32 and ch not in "\n\r\t\f") or 0xFFF0 <= ord(ch) <= 0xFFFF)
    return bad / len(text)


def read_text(path: str | os.PathLike[str]) -> Decoded:
    """Read and decode a file; every failure becomes an :class:`InputError` naming the reason."""
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise InputError("no such file") from None
    except IsADirectoryError:
        raise InputError("is a directory") from None
    except PermissionError:
        raise InputError("permission denied") from None
    except OSError as exc:
        raise InputError(exc.strerror or str(exc)) from None
    return decode_bytes(data)


def finalize(text: str) -> str:
    """Apply the file output contract: a final newline on non-empty text."""
    return text if not text or text.endswith("\n") else text + "\n"


def write_text_atomic(path: str | os.PathLike[str], text: str) -> None:
    """Write ``text`` as UTF-8 via a temporary file renamed over ``path``."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".zhclean-tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        if target.exists():
            os.chmod(tmp, target.stat().st_mode & 0o7777)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise

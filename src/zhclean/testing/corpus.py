"""Clean documents to damage: the evaluation corpus, read but never copied into the repo."""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

#: Default corpus location, relative to the repository root (``/work/wt/shared`` links to it).
DEFAULT_CORPUS = Path("..") / "shared" / "corpus"


@dataclass(frozen=True)
class Document:
    name: str
    text: str
    script: str  # "hans" (Simplified, People's Daily) or "hant" (Traditional, DRCD)


def repo_root() -> Path:
    return Path(__file__).resolve().parents[3]


def resolve_corpus(path: str | Path | None) -> Path:
    """``path`` as given, or the default corpus resolved against the repository root."""
    if path is None:
        return (repo_root() / DEFAULT_CORPUS).resolve()
    return Path(path).expanduser().resolve()

#: What indents or pads a line (not str.strip's set, which would eat U+0085 and U+001C from mojibake).
_BLANK = " \t\r\u3000\u00a0"


def normalise_paragraphs(text: str) -> str:
    """One paragraph per line: lines stripped (the corpus indents with ``　　``), blank lines dropped.

    Ground truth is stored this way, and repairs are compared this way, so that
    they are judged on content and paragraphing, not on indentation or
    blank-line conventions.  Only ``\\n`` ends a line: mojibake often holds
    U+0085 or U+001C, which ``str.splitlines`` would treat as line breaks.
    """
    lines = (line.strip(_BLANK) for line in text.replace("\r\n", "\n").split("\n"))
    return "\n".join(line for line in lines if line)


def _script_of(path: Path) -> str:
    return "hant" if "drcd" in str(path).lower() else "hans"


def load_corpus(
    corpus: str | Path | None = None,
    *,
    limit: int | None = None,
    seed: int = 0,
    max_chars: int | None = None,
    script: str | None = None,
    raw: bool = False,
) -> list[Document]:
    """Documents under ``corpus`` (``*.txt``, recursively), sampled reproducibly.

    ``limit`` samples that many documents per script with ``seed``;
    ``max_chars`` keeps each to whole paragraphs within that length; ``raw``
    keeps the files exactly as they are (for the clean-corpus run).
    """
    root = resolve_corpus(corpus)
    if not root.exists():
        raise FileNotFoundError(f"corpus not found: {root}")
    files = sorted(root.rglob("*.txt")) if root.is_dir() else [root]
    by_script: dict[str, list[Path]] = {}
    for f in files:
        by_script.setdefault(_script_of(f), []).append(f)
    docs: list[Document] = []
    for s in sorted(by_script):
        if script and s != script:
            continue
        chosen = by_script[s]
        if limit is not None and len(chosen) > limit:
            chosen = sorted(random.Random(f"{seed}:{s}").sample(chosen, limit))
        for f in chosen:
            text = f.read_text(encoding="utf-8")
            if not raw:
                text = normalise_paragraphs(text)
                if max_chars:
                    text = _truncate(text, max_chars)
            if text:
                docs.append(Document(str(f.relative_to(root)) if root.is_dir() else f.name, text, s))
    return docs


def _truncate(text: str, max_chars: int) -> str:
    if len(text) <= max_chars:
        return text
    cut = text.rfind("\n", 0, max_chars)
    return text[:cut] if cut > 0 else text[:max_chars]

"""What ``zhclean split`` and ``zhclean fix --split-articles`` do, as plain functions.

The typer commands in :mod:`zhclean.cli` only read the input and call these.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Callable

from ..io import write_text_atomic
from .split import SplitResult, split_document

#: The line that separates articles in ``zhclean fix --split-articles`` output.
MARKER = "==== zhclean article {number}/{total} ===="
#: …and the one before text that belongs to no article (symbols only).
UNPLACED_MARKER = "==== zhclean unplaced ===="


def split_index(text: str, source: str | None = None, result: SplitResult | None = None) -> dict[str, Any]:
    """The index: each article's headline, byline, text and source fragments; unplaced text; unsure links."""
    result = result if result is not None else split_document(text)
    index = result.to_dict()
    for number, article in enumerate(index["articles"], 1):
        article["file"] = f"{number:02d}.txt"
    index["source"] = source
    return index


def split_to_json(text: str, source: str | None = None) -> str:
    """``zhclean split FILE --format json``: the index as JSON text."""
    return json.dumps(split_index(text, source), ensure_ascii=False, indent=2) + "\n"


def split_to_dir(text: str, out_dir: str | Path, source: str | None = None) -> list[Path]:
    """``zhclean split FILE -o DIR``: write ``01.txt``, ``02.txt``, … and ``index.json``; return the paths."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    index = split_index(text, source)
    written = []
    for article in index["articles"]:
        path = out / article["file"]
        write_text_atomic(path, article["text"].rstrip("\n") + "\n")
        written.append(path)
    path = out / "index.json"
    write_text_atomic(path, json.dumps(index, ensure_ascii=False, indent=2) + "\n")
    written.append(path)
    return written


def render_split_articles(text: str, clean: Callable[[str], str] | None = None) -> str:
    """``zhclean fix --split-articles``: the articles one after another, each after a marker line.

    The split runs on the text as given (its spaces and line breaks are the
    evidence); ``clean``, if given, then repairs each article on its own.
    """
    result = split_document(text)
    articles = result.articles
    parts = []
    for number, article in enumerate(articles, 1):
        body = article.text
        if clean is not None:
            body = clean(body)
        parts.append(MARKER.format(number=number, total=len(articles)) + "\n" + body.strip("\n"))
    if result.unplaced:
        # Nothing is dropped: text that belongs to no article comes last.
        parts.append(UNPLACED_MARKER + "\n" + "\n".join(f.text for f in result.unplaced))
    return "\n\n".join(parts) + "\n" if parts else ""

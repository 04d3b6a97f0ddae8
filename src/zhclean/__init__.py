"""zhclean: repair damaged Chinese text and say exactly what changed.

>>> import zhclean
>>> zhclean.fix_text("该 区今年以来已成功签约引进产业项目,总投资额达118亿元。</p>")
'该区今年以来已成功签约引进产业项目，总投资额达118亿元。'
"""

from __future__ import annotations

import os
from typing import Any

from .articles import split_articles
from .io import InputError, read_text
from .pipeline import DEFAULT_ORDER, Edit, Filter, Notice, Pipeline, Result, Step, available_filters

__all__ = [
    "DEFAULT_ORDER",
    "Edit",
    "Filter",
    "InputError",
    "Notice",
    "Pipeline",
    "Result",
    "Step",
    "available_filters",
    "fix",
    "fix_file",
    "fix_text",
    "pipeline",
    "split_articles",
]
__version__ = "0.1.0"


def pipeline(*steps: str, skip: str | tuple[str, ...] | list[str] = (), **options: Any) -> Pipeline:
    """Build a pipeline from filter names: ``zhclean.pipeline("html", "whitespace")``
    (or one list of them: ``zhclean.pipeline(["html", "whitespace"])``)."""
    if len(steps) == 1 and isinstance(steps[0], list | tuple):
        steps = tuple(steps[0])
    return Pipeline.from_options(steps=list(steps) or None, skip=skip, **options)


def fix(text: str, **options: Any) -> Result:
    """Clean ``text`` and return a :class:`Result` with the text, edits and notices.

    Options are ``steps``, ``skip``, ``options`` (nested per filter) or flat
    per-filter options such as ``script_to="hans"``.
    """
    return Pipeline.from_options(**options).run(text)


def fix_text(text: str, **options: Any) -> str:
    """Clean ``text`` and return only the cleaned text."""
    return fix(text, **options).text


def fix_file(path: str | os.PathLike[str], **options: Any) -> Result:
    """Read ``path`` (any supported encoding), clean it, and return the result.

    The file is not written; ``result.text`` already follows the output
    contract (final newline included) and ``result.encoding`` names the input
    encoding.  Raises :class:`InputError` for unreadable or binary input.
    """
    from .runner import finish_file_text

    try:
        decoded = read_text(path)
    except InputError as exc:
        raise InputError(f"{os.fspath(path)}: {exc}", exc.kind) from None
    result = finish_file_text(fix(decoded.text, **options))
    result.encoding = decoded.encoding
    return result

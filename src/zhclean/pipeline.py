"""Filters, the edits they record, and the pipeline that chains them.

A filter is a small frozen dataclass: its fields are its options, and calling
``apply(text)`` returns a :class:`Step` (new text, the edits that produced it,
and notices about things it saw but chose to leave alone).  The pipeline runs
filters in order and maps every edit back to offsets in the original input, so
a report can always point at the text the user gave us.
"""

from __future__ import annotations

import bisect
import dataclasses
import operator
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Callable, ClassVar, Iterable, Mapping, Sequence

import regex


@dataclass(frozen=True)
class Edit:
    """One change: ``text[start:end]`` (``before``) became ``after``.

    Inside a :class:`Step`, offsets refer to that filter's input.  Inside a
    :class:`Result`, they are mapped back to the original input.
    """

    start: int
    end: int
    before: str
    after: str
    filter: str
    reason: str
    confidence: float = 1.0

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


@dataclass(frozen=True)
class Notice:
    """Something a filter noticed and deliberately did not change.

    Used for undecidable mojibake, unrecoverable ``锟斤拷`` runs, unsure article
    links and the like.  ``details`` carries filter-specific evidence such as
    the top candidate readings.
    """

    start: int
    end: int
    text: str
    filter: str
    reason: str
    details: Mapping[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        d = dataclasses.asdict(self)
        d["details"] = dict(self.details)
        return d


@dataclass
class Step:
    """What one filter produced from its input."""

    text: str
    edits: list[Edit] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)


_START_END = operator.attrgetter("start", "end")


def apply_edits(text: str, edits: Iterable[Edit], notices: Iterable[Notice] = ()) -> Step:
    """Build a :class:`Step` by applying non-overlapping ``edits`` to ``text``.

    Filters that find spans and decide replacements use this so their output
    text and their edit list can never disagree.
    """
    ordered = sorted(edits, key=_START_END)
    parts: list[str] = []
    pos = 0
    for e in ordered:
        if e.start < pos:
            raise ValueError(f"overlapping edits from {e.filter!r} at {e.start}")
        if text[e.start : e.end] != e.before:
            raise ValueError(f"edit from {e.filter!r} does not match the text at {e.start}")
        parts.append(text[pos : e.start])
        parts.append(e.after)
        pos = e.end
    parts.append(text[pos:])
    return Step("".join(parts), ordered, list(notices))


def replace_matches(
    text: str,
    pattern: regex.Pattern[str],
    replacement: Callable[[regex.Match[str]], str | None],
    *,
    filter: str,
    reason: str | Callable[[regex.Match[str]], str],
    confidence: float = 1.0,
) -> Step:
    """Replace every match of ``pattern`` for which ``replacement`` returns a string.

    ``replacement`` returning ``None`` (or the match unchanged) keeps the text.
    """
    edits = []
    for m in pattern.finditer(text):
        after = replacement(m)
        if after is None or after == m.group(0):
            continue
        why = reason(m) if callable(reason) else reason
        edits.append(Edit(m.start(), m.end(), m.group(0), after, filter, why, confidence))
    if not edits:
        return Step(text)
    return apply_edits(text, edits)


def settle(step: Step, once: Callable[[str], Step], rounds: int) -> Step:
    """Run ``once`` on ``step``'s text again, at most ``rounds`` times, until it changes nothing.

    For filters whose own output can call for more work (a rejoined line has
    new neighbours): they settle before returning, so fix(fix(x)) == fix(x).
    Returns the last step that changed something (``step`` itself if none).
    """
    current = step
    for _ in range(rounds):
        again = once(current.text)
        if not again.edits:
            break
        current = again
    return current


class Filter:
    """Base class for filters.  Subclasses are frozen dataclasses whose fields are options.

    ``name`` is what users type (``--skip pinyin``); ``summary`` is the one-line
    purpose shown by ``zhclean filters``; ``required`` filters implement the
    output contract (line endings, trailing spaces) and cannot be skipped.
    """

    name: ClassVar[str]
    summary: ClassVar[str]
    required: ClassVar[bool] = False

    def apply(self, text: str) -> Step:  # pragma: no cover - interface
        raise NotImplementedError

    @property
    def repeatable(self) -> bool:
        """May the pipeline run this filter again on its own output?

        True for filters that only repair what is wrong (a second pass finds
        nothing).  A filter that transforms unconditionally, such as a raw
        OpenCC config, runs in the first round only.
        """
        return True


FILTERS: dict[str, type[Filter]] = {}

#: The order filters run in.  Mojibake comes first because it works on the
#: damaged bytes as they are (``?!?/p>`` must be repaired before HTML is
#: stripped); script conversion runs after pinyin so readings are checked
#: against the characters they annotate; layout runs last on clean lines.
DEFAULT_ORDER: tuple[str, ...] = (
    "newlines",
    "mojibake",
    "html",
    "pinyin",
    "script",
    "punctuation",
    "whitespace",
    "layout",
    "tidy",
)


#: How many times the whole chain may run before its output is taken as final.
#: Real damage settles in two rounds; the third is a safety net.
MAX_ROUNDS = 3


def register(cls: type[Filter]) -> type[Filter]:
    """Class decorator: make a filter available by its ``name``."""
    FILTERS[cls.name] = cls
    return cls


def available_filters() -> dict[str, type[Filter]]:
    """All registered filters, in default order."""
    from . import filters  # noqa: F401  (importing registers them)

    return {name: FILTERS[name] for name in DEFAULT_ORDER if name in FILTERS} | {
        n: c for n, c in FILTERS.items() if n not in DEFAULT_ORDER
    }


def filter_options(name: str) -> dict[str, dataclasses.Field]:
    """The configurable options of filter ``name``."""
    return {f.name: f for f in dataclasses.fields(available_filters()[name])}


class _OffsetMap:
    """Maps offsets in a filter's output back to its input, from its edits."""

    def __init__(self, edits: Sequence[Edit]):
        self._out_starts: list[int] = []
        self._rows: list[tuple[int, int, int, int]] = []  # out_start, out_end, in_start, in_end
        delta = 0
        for e in edits:
            out_start = e.start + delta
            out_end = out_start + len(e.after)
            self._out_starts.append(out_start)
            self._rows.append((out_start, out_end, e.start, e.end))
            delta += len(e.after) - (e.end - e.start)

    def to_input(self, pos: int, *, is_end: bool = False) -> int:
        i = bisect.bisect_right(self._out_starts, pos) - 1
        if is_end:
            # an end offset equal to an edit's start belongs before that edit
            while i >= 0 and self._rows[i][0] == pos and self._rows[i][1] > pos:
                i -= 1
        if i < 0:
            return pos
        out_start, out_end, in_start, in_end = self._rows[i]
        if pos >= out_end:
            return in_end + (pos - out_end)
        return in_end if is_end else in_start


@dataclass
class Result:
    """The outcome of running a pipeline over one text.

    ``edits`` and ``notices`` carry offsets into ``original``.  ``steps`` keeps
    each filter's raw :class:`Step` for reports that want stage-by-stage views.
    """

    original: str
    text: str
    edits: list[Edit]
    notices: list[Notice]
    steps: list[tuple[str, Step]]
    encoding: str | None = None

    @property
    def changed(self) -> bool:
        return self.text != self.original

    @property
    def counts(self) -> Counter[str]:
        """Number of edits per filter."""
        return Counter(e.filter for e in self.edits)

    @property
    def warnings(self) -> list[Notice]:
        """Alias for ``notices``: what the filters flagged but left alone."""
        return self.notices

    def input_offset(self, output_offset: int) -> int:
        """Map an offset in ``text`` back to an offset in ``original``."""
        pos = output_offset
        for _, step in reversed(self.steps):
            pos = _OffsetMap(step.edits).to_input(pos)
        return pos


class Pipeline:
    """An ordered list of configured filters."""

    def __init__(self, filters: Sequence[Filter]):
        self.filters = list(filters)

    @property
    def names(self) -> list[str]:
        return [f.name for f in self.filters]

    @classmethod
    def from_options(
        cls,
        steps: Sequence[str] | None = None,
        skip: Sequence[str] = (),
        options: Mapping[str, Mapping[str, Any]] | None = None,
        **flat_options: Any,
    ) -> "Pipeline":
        """Build a pipeline from filter names and options.

        ``steps`` chooses filters (default: all, in default order); ``skip``
        removes some.  Options are given either nested
        (``options={"script": {"to": "hans"}}``) or flat with the filter name as
        prefix (``script_to="hans"``).  Unknown names raise ``ValueError``.
        """
        registry = available_filters()
        steps = None if steps is None else _names("steps", steps)
        skip = _names("skip", skip)
        if options is not None and not isinstance(options, Mapping):
            raise TypeError(f"options must map filter names to their options, not {type(options).__name__}")
        for name, opts in (options or {}).items():
            if not isinstance(opts, Mapping):
                raise TypeError(
                    f"options[{name!r}] must map option names to values, e.g. {{{name!r}: {{'option': value}}}}, "
                    f"not {type(opts).__name__} {opts!r}"
                )
        per_filter: dict[str, dict[str, Any]] = {k: dict(v) for k, v in (options or {}).items()}
        for key, value in flat_options.items():
            for name in sorted(registry, key=len, reverse=True):
                prefix = name.replace("-", "_") + "_"
                if key.startswith(prefix):
                    per_filter.setdefault(name, {})[key[len(prefix) :].replace("-", "_")] = value
                    break
            else:
                raise ValueError(f"unknown option {key!r}")
        unknown = [n for n in [*(steps or ()), *skip, *per_filter] if n not in registry]
        if unknown:
            raise ValueError(f"unknown filter(s): {', '.join(unknown)}; known: {', '.join(registry)}")
        chosen = list(steps) if steps else [n for n in DEFAULT_ORDER if n in registry]
        chosen = [n for n in chosen if n not in skip]
        for name, c in registry.items():
            if c.required and name not in chosen:
                chosen.append(name)
        chosen.sort(key=lambda n: DEFAULT_ORDER.index(n) if n in DEFAULT_ORDER else len(DEFAULT_ORDER))
        idle = [f"{n} ({', '.join(opts)})" for n, opts in per_filter.items() if opts and n not in chosen]
        if idle:
            raise ValueError(f"options given for filter(s) that do not run: {'; '.join(idle)}; run them or drop the options")
        built = []
        for name in chosen:
            opts = per_filter.get(name, {})
            known = filter_options(name)
            bad = [k for k in opts if k not in known]
            if bad:
                raise ValueError(f"filter {name!r} has no option(s) {', '.join(bad)}; it has: {', '.join(known) or 'none'}")
            for key, value in opts.items():
                _check_type(name, key, value, known[key])
            built.append(registry[name](**opts))
        return cls(built)

    def run(self, text: str) -> Result:
        """Run the filters until the text is stable and collect edits mapped to ``text``'s offsets.

        One filter's output can give an earlier filter something new to do
        (the punctuation filter closes a quote that lets mojibake see a whole
        run; layout joins a line that puts a reading next to its character).
        Running the whole chain again until a round changes nothing makes
        ``fix(fix(x)) == fix(x)`` hold by construction.  Clean text costs one
        round.  Notices from every round are kept (a later round cannot see
        what an earlier one already settled), once each.
        """
        if not isinstance(text, str):
            hint = " (decode it first, or use zhclean.fix_file)" if isinstance(text, bytes | bytearray) else ""
            raise TypeError(f"text must be a str, not {type(text).__name__}{hint}")
        steps: list[tuple[str, Step]] = []
        maps: list[_OffsetMap] = []
        edits: list[Edit] = []
        notices: list[Notice] = []
        seen: set[tuple[int, int, str, str]] = set()
        current = text
        for round_no in range(MAX_ROUNDS):
            changed = False
            for f in self.filters if round_no == 0 else [f for f in self.filters if f.repeatable]:
                step = f.apply(current)
                for e in step.edits:
                    start, end = _map_back(maps, e.start, e.end)
                    edits.append(dataclasses.replace(e, start=start, end=end))
                for n in step.notices:
                    start, end = _map_back(maps, n.start, n.end)
                    key = (start, end, n.filter, n.reason)
                    if key not in seen:
                        seen.add(key)
                        notices.append(dataclasses.replace(n, start=start, end=end))
                if step.edits:
                    steps.append((f.name, step))
                    maps.append(_OffsetMap(step.edits))
                    changed = True
                current = step.text
            if not changed:
                break
        return Result(text, current, edits, notices, steps)


def _names(what: str, names: Any) -> list[str]:
    """Filter names given as one name or a sequence of names (never a string split into letters)."""
    if isinstance(names, str):
        return [names]
    try:
        names = list(names)
    except TypeError:
        raise TypeError(f"{what} must be a filter name or a list of them, not {type(names).__name__}") from None
    odd = [n for n in names if not isinstance(n, str)]
    if odd:
        raise TypeError(f"{what} must be a filter name or a list of them; got {odd[0]!r} in it")
    return names


def _check_type(name: str, option: str, value: Any, spec: dataclasses.Field) -> None:
    """Options with a bool, number or string default take only values of that type:
    ``entities="false"`` would otherwise be true (a non-empty string)."""
    default = spec.default
    expected = type(default)
    if default is None or default is dataclasses.MISSING or expected not in (bool, int, float, str):
        return
    if expected is float and isinstance(value, int) and not isinstance(value, bool):
        return  # 1 for 1.0
    if isinstance(value, bool) != (expected is bool) or not isinstance(value, expected):
        raise TypeError(f"option {name}.{option} must be a {expected.__name__}, not {type(value).__name__} {value!r}")


def _map_back(maps: Sequence[_OffsetMap], start: int, end: int) -> tuple[int, int]:
    for m in reversed(maps):
        start = m.to_input(start)
        end = max(start, m.to_input(end, is_end=True))
    return start, end

"""Reports of what zhclean changed: a unified diff and a JSON edit list per file, and an HTML summary.

``--report-dir DIR`` produces::

    DIR/index.html            every change side by side, coloured by filter, with counts
    DIR/summary.json          the same counts, for scripts
    DIR/<input path>.diff     unified diff of that input
    DIR/<input path>.json     its edits and notices, with line and column in the input

Line and column numbers are 1-based and count characters (not bytes) in the
decoded input; CRLF, CR and LF each end a line, as in the input file.
"""

from __future__ import annotations

import bisect
import dataclasses
import difflib
import html
import json
import os
import tempfile
from itertools import groupby
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Sequence

import regex

from .io import TEMP_SUFFIX, open_atomic, write_text_atomic
from .pipeline import DEFAULT_ORDER, Result

_LINE_BREAK = regex.compile(r"\r\n|\r|\n")
_HAN = regex.compile(r"\p{Han}")
# Side-by-side rows shown per file in the HTML page; the .diff has them all.
MAX_ROWS_PER_FILE = 200
# Up to this many lines, repeated lines are matched too (exact but slower).
_MAX_EXACT_LINES = 20_000
# Blocks longer than this are shown without character-level highlighting.
_MAX_HIGHLIGHT_CHARS = 4000

#: One colour per filter, used in the HTML legend and highlights.
FILTER_COLOURS = {
    "newlines": "#e0e0e0",
    "mojibake": "#ffb3b3",
    "html": "#ffd59e",
    "pinyin": "#fff3a0",
    "script": "#c8f0a0",
    "punctuation": "#a8e6e0",
    "whitespace": "#b8d4ff",
    "layout": "#dcc8ff",
    "tidy": "#f0c8e8",
}
_OTHER_COLOURS = ("#d0d0a0", "#a0d0d0", "#d0a0d0", "#c0c0ff")


def colour(filter_name: str) -> str:
    if filter_name in FILTER_COLOURS:
        return FILTER_COLOURS[filter_name]
    return _OTHER_COLOURS[sum(map(ord, filter_name)) % len(_OTHER_COLOURS)]


# ---------------------------------------------------------------- positions


def line_starts(text: str) -> list[int]:
    """Offsets where each line of ``text`` starts (CRLF, CR and LF all end a line)."""
    return [0, *(m.end() for m in _LINE_BREAK.finditer(text))]


def position(starts: Sequence[int], offset: int) -> tuple[int, int]:
    """1-based (line, column) of character ``offset``."""
    i = bisect.bisect_right(starts, offset) - 1
    return i + 1, offset - starts[i] + 1


# ---------------------------------------------------------------- figures


def text_figures(text: str) -> dict[str, int]:
    """Size figures that mean the same thing for Chinese as for English.

    Only two textstat functions are right for Chinese.  ``char_count`` counts
    non-whitespace characters and ``letter_count`` those that are neither
    whitespace nor punctuation (its ``[^\\w\\s]`` test is Unicode-aware, so
    ``，。“”`` count as punctuation and Han characters as letters).  The rest are
    wrong for Chinese and are not shown: ``lexicon_count`` and
    ``sentence_count`` split words on spaces and sentences on ``.!?``, so a
    Chinese paragraph is one word and one sentence; ``syllable_count`` needs a
    Pyphen dictionary, which Chinese lacks (it raises with ``set_lang("zh")``);
    every readability formula (Flesch, SMOG, Dale-Chall, ...) is built on those
    English word, sentence and syllable counts; ``reading_time`` uses an English
    milliseconds-per-character rate.  The Han character count is zhclean's own.
    """
    import textstat  # slow to import (~1 s), so only when a report is asked for

    return {
        "characters": textstat.char_count(text, ignore_spaces=True),
        "letters": textstat.letter_count(text),
        "han": len(_HAN.findall(text)),
    }


# ---------------------------------------------------------------- per-file output


def unified_diff(before: str, after: str, name: str) -> str:
    """A unified diff of ``before`` and ``after`` (empty when equal), lines as in the input."""
    diff = difflib.unified_diff(
        before.splitlines(keepends=True),
        after.splitlines(keepends=True),
        fromfile=f"{name}\t(original)",
        tofile=f"{name}\t(fixed)",
    )
    return "".join(line if line.endswith(("\n", "\r")) else line + "\n\\ No newline at end of file\n" for line in diff)


def edits_document(result: Result, name: str, *, changed: bool | None = None) -> dict[str, Any]:
    """The JSON record of one input: encoding, counts, every edit and notice with line and column."""
    starts = line_starts(result.original)

    def located(start: int, end: int) -> dict[str, int]:
        line, column = position(starts, start)
        end_line, end_column = position(starts, end)
        return {"start": start, "end": end, "line": line, "column": column, "end_line": end_line, "end_column": end_column}

    return {
        "input": name,
        "encoding": result.encoding,
        "changed": result.changed if changed is None else changed,
        "counts": dict(result.counts),
        "edits": [
            {
                "filter": e.filter,
                "reason": e.reason,
                "confidence": e.confidence,
                **located(e.start, e.end),
                "before": e.before,
                "after": e.after,
            }
            for e in result.edits
        ],
        "notices": [
            {"filter": n.filter, "reason": n.reason, **located(n.start, n.end), "text": n.text, "details": dict(n.details)}
            for n in result.notices
        ],
    }


def _json_one_record_per_line(document: dict[str, Any]) -> str:
    """JSON that stays readable and compact for millions of edits: one edit or notice per line."""
    dump = lambda value: json.dumps(value, ensure_ascii=False, default=str)  # noqa: E731
    head = [f" {dump(k)}: {dump(v)}" for k, v in document.items() if k not in ("edits", "notices")]
    lists = [
        f" {dump(k)}: [" + ("\n  " + ",\n  ".join(dump(item) for item in document[k]) + "\n ]" if document[k] else "]")
        for k in ("edits", "notices")
    ]
    return "{\n" + ",\n".join(head + lists) + "\n}\n"


@dataclass
class FileSummary:
    """What the run summary needs to know about one input (built in the worker, picklable)."""

    name: str
    report_name: str
    encoding: str | None
    changed: bool
    counts: dict[str, int]
    notices: int
    before: dict[str, int]
    after: dict[str, int]
    rows_html: str = ""
    hidden_rows: int = 0
    notices_html: str = ""
    hidden_notices: int = 0


def write_file_report(
    report_dir: str | os.PathLike[str], report_name: str, name: str, result: Result, *, changed: bool
) -> FileSummary:
    """Write ``<report_name>.diff`` and ``<report_name>.json`` and return the summary row.

    ``changed`` says whether the output bytes differ from the input bytes: a
    GBK file whose text needed no edit is still changed (re-encoded as UTF-8).
    """
    base = Path(report_dir) / report_name
    write_text_atomic(base.with_name(base.name + ".diff"), unified_diff(result.original, result.text, name))
    document = edits_document(result, name, changed=changed)
    write_text_atomic(base.with_name(base.name + ".json"), _json_one_record_per_line(document))
    rows, hidden = side_by_side_rows(result)
    notes, hidden_notes = notice_rows(result)
    return FileSummary(
        name=name,
        report_name=report_name,
        encoding=result.encoding,
        changed=changed,
        counts=dict(result.counts),
        notices=len(result.notices),
        before=text_figures(result.original),
        after=text_figures(result.text),
        rows_html=rows,
        hidden_rows=hidden,
        notices_html=notes,
        hidden_notices=hidden_notes,
    )


def notice_rows(result: Result) -> tuple[str, int]:
    """HTML table rows for what the filters left for a person to check (undecided
    garbles with their candidate readings, unpaired quotes, boilerplate, kept
    glosses): where, which filter, why, and the text.  Capped like the changes;
    the per-file JSON has them all.  Returns the rows and how many were left out."""
    e = html.escape
    starts = line_starts(result.original)
    rows = []
    for n in result.notices[:MAX_ROWS_PER_FILE]:
        line, column = position(starts, n.start)
        candidates = n.details.get("candidates") if isinstance(n.details, dict) else None
        shown = ", ".join(str(c[0]) if isinstance(c, (list, tuple)) else str(c) for c in candidates or [])
        rows.append(
            f'<tr><td class="n">{line}:{column}</td><td><span class="key" style="background:{colour(n.filter)}">'
            f"{e(n.filter)}</span></td><td>{e(n.reason)}</td><td class=\"l\">{e(_clip(n.text))}</td>"
            f"<td>{e(shown)}</td></tr>"
        )
    return "\n".join(rows), max(0, len(result.notices) - MAX_ROWS_PER_FILE)


def _clip(text: str, limit: int = 60) -> str:
    text = text.replace("\n", "⏎")
    return text if len(text) <= limit else text[: limit - 1] + "…"


# ---------------------------------------------------------------- HTML


def side_by_side_rows(result: Result) -> tuple[str, int]:
    """HTML table rows pairing each changed block of input lines with its output lines.

    Highlights come from the edits themselves, not from a character diff: on
    the left, the input text each edit replaced; on the right, the output text
    each edit produced (followed through the later filters).  Each is coloured
    by the filter that made the edit.  Returns the rows and how many were left out.
    """
    left_lines = result.original.splitlines(keepends=True)
    right_lines = result.text.splitlines(keepends=True)
    left_starts, right_starts = _offsets(left_lines), _offsets(right_lines)
    names: list[str] = []
    left_marks = _marks(len(result.original), ((e.start, e.end, e.filter) for e in result.edits), names)
    right_marks = _marks(len(result.text), output_spans(result), names)
    rows: list[str] = []
    hidden = 0
    matcher = difflib.SequenceMatcher(None, left_lines, right_lines, autojunk=len(left_lines) > _MAX_EXACT_LINES)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        if len(rows) >= MAX_ROWS_PER_FILE:
            hidden += 1
            continue
        left = _render(result.original, left_marks, left_starts[i1], left_starts[i2], names, "del")
        right = _render(result.text, right_marks, right_starts[j1], right_starts[j2], names, "ins")
        rows.append(
            f'<tr><td class="n">{i1 + 1}</td><td class="l">{left}</td>'
            f'<td class="n">{j1 + 1}</td><td class="r">{right}</td></tr>'
        )
    return "\n".join(rows), hidden


def output_spans(result: Result) -> list[tuple[int, int, str]]:
    """Where each edit's ``after`` text ended up in ``result.text``, with its filter.

    Each filter's edits are placed in that filter's output, then carried
    forward through every later filter's edits; a span a later edit rewrote
    shrinks to what survives of it.
    """
    spans: list[tuple[int, int, str]] = []
    for _, step in result.steps:
        ordered = sorted(step.edits, key=lambda e: (e.start, e.end))
        rows, delta = [], 0
        for e in ordered:
            rows.append((e.start, e.end, e.start + delta, e.start + delta + len(e.after)))
            delta += len(e.after) - (e.end - e.start)
        if rows:
            in_starts = [r[0] for r in rows]
            spans = [
                (a, b, name)
                for s, t, name in spans
                for a, b in [(_forward(rows, in_starts, s, False), _forward(rows, in_starts, t, True))]
                if a < b
            ]
            spans += [(r[2], r[3], e.filter) for r, e in zip(rows, ordered)]
    return spans


def _forward(rows: list[tuple[int, int, int, int]], in_starts: list[int], pos: int, is_end: bool) -> int:
    """Map ``pos`` in a filter's input to its output; inside a rewritten span, clamp to its edges."""
    i = (bisect.bisect_left(in_starts, pos) if is_end else bisect.bisect_right(in_starts, pos)) - 1
    if i < 0:
        return pos
    in_start, in_end, out_start, out_end = rows[i]
    if pos >= in_end:
        return out_end + (pos - in_end)
    return out_end if is_end else out_start


def _offsets(lines: list[str]) -> list[int]:
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))
    return starts


def _marks(length: int, spans: Iterable[tuple[int, int, str]], names: list[str]) -> bytearray:
    """One byte per character: 0, or 1 + the index in ``names`` of the filter that edited it (last wins)."""
    marks = bytearray(length)
    for start, end, name in spans:
        if end > start:
            if name not in names:
                names.append(name)
            marks[start:end] = bytes([min(names.index(name) + 1, 255)]) * (end - start)
    return marks


def _render(text: str, marks: bytearray, start: int, end: int, names: list[str], tag: str) -> str:
    shortened = end - start > _MAX_HIGHLIGHT_CHARS
    stop = start + _MAX_HIGHLIGHT_CHARS if shortened else end
    out = []
    for mark, group in groupby(range(start, stop), key=marks.__getitem__):
        positions = list(group)
        piece = _show(text[positions[0] : positions[-1] + 1])
        out.append(f"<{tag}{_style(names[mark - 1])}>{piece}</{tag}>" if mark else piece)
    if shortened:
        out.append("\n<em>… (long block shortened; the .diff has all of it)</em>")
    return "".join(out)


def _style(filter_name: str) -> str:
    return f' style="background:{colour(filter_name)}" title="{html.escape(filter_name)}"'


def _show(text: str) -> str:
    """Escape for HTML, making line endings and odd spaces visible."""
    text = html.escape(text)
    return (
        text.replace("\r\n", "␍␊\n")
        .replace("\r", "␍\n")
        .replace("\u3000", "<span class=ws>\u3000</span>")
        .replace("\t", "→\t")
    )


def write_summary(report_dir: str | os.PathLike[str], summaries: Iterable[FileSummary], errors: Iterable[tuple[str, str]] = ()) -> Path:
    """Write ``index.html`` and ``summary.json`` for the whole run; returns the HTML path."""
    run = RunSummary(report_dir)
    try:
        for summary in summaries:
            run.add(summary)
        for name, reason in errors:
            run.error(name, reason)
    except BaseException:
        run.discard()
        raise
    return run.write()


class RunSummary:
    """The run-wide report, gathered one file at a time.

    Each file's summary row (with its side-by-side changes) is spooled to a
    temporary file in the report directory and only the totals stay in
    memory, so the report of a run over millions of files needs no more
    memory than that of a run over one.  :meth:`write` turns the spool into
    ``summary.json`` and ``index.html`` (atomically) and deletes it; a killed
    run leaves it behind as a temporary file that the next run sweeps.
    """

    def __init__(self, report_dir: str | os.PathLike[str]):
        self.directory = Path(report_dir)
        self.directory.mkdir(parents=True, exist_ok=True)
        # named like every zhclean temporary file (pid inside), so only a dead run's spool is swept
        fd, self._spool_path = tempfile.mkstemp(prefix=f".summary.{os.getpid()}.", suffix=TEMP_SUFFIX, dir=self.directory)
        self._spool = os.fdopen(fd, "w", encoding="utf-8")
        self.files = 0
        self.changed = 0
        self.totals: dict[str, int] = {}
        self.errors: list[tuple[str, str]] = []

    def add(self, summary: FileSummary) -> None:
        self._spool.write(json.dumps(dataclasses.asdict(summary), ensure_ascii=False) + "\n")
        self.files += 1
        self.changed += summary.changed
        for name, n in summary.counts.items():
            self.totals[name] = self.totals.get(name, 0) + n

    def error(self, name: str, reason: str) -> None:
        self.errors.append((name, reason))

    def _replay(self) -> Iterator[FileSummary]:
        with open(self._spool_path, encoding="utf-8") as fh:
            for line in fh:
                yield FileSummary(**json.loads(line))

    def write(self) -> Path:
        """Write ``summary.json`` and ``index.html``; returns the HTML path."""
        try:
            self._spool.close()
            totals = self.totals
            filters = [n for n in DEFAULT_ORDER if n in totals] + sorted(n for n in totals if n not in DEFAULT_ORDER)
            dump = lambda value: json.dumps(value, ensure_ascii=False)  # noqa: E731
            head = {
                "files": self.files,
                "changed": self.changed,
                "errors": [{"input": name, "reason": reason} for name, reason in self.errors],
                "counts": {n: totals[n] for n in filters},
            }
            with open_atomic(self.directory / "summary.json") as fh:
                fh.write(("{\n" + "".join(f" {dump(k)}: {dump(v)},\n" for k, v in head.items()) + ' "per_file": [').encode())
                for i, s in enumerate(self._replay()):
                    row = {"input": s.name, "report": s.report_name, "encoding": s.encoding, "changed": s.changed,
                           "counts": s.counts, "notices": s.notices, "before": s.before, "after": s.after}
                    fh.write((("," if i else "") + "\n  " + dump(row)).encode())
                fh.write(("\n ]\n}\n" if self.files else "]\n}\n").encode())
            with open_atomic(self.directory / "index.html") as fh:
                for part in _page_parts(self._replay, self.files, self.changed, self.errors, filters, totals):
                    fh.write((part + "\n").encode())
        finally:
            self.discard()
        return self.directory / "index.html"

    def discard(self) -> None:
        """Close and delete the spool (also after a failure)."""
        self._spool.close()
        try:
            os.unlink(self._spool_path)
        except FileNotFoundError:
            pass


_CSS = """
body{font-family:system-ui,"Noto Sans CJK SC","PingFang SC",sans-serif;margin:1.5em;color:#222}
table{border-collapse:collapse;margin:.5em 0 1.5em}
th,td{border:1px solid #ccc;padding:.2em .5em;vertical-align:top;text-align:left}
td.num{text-align:right;font-variant-numeric:tabular-nums}
table.sbs{width:100%;table-layout:fixed}
table.sbs td.l,table.sbs td.r{white-space:pre-wrap;word-break:break-all;font-family:ui-monospace,monospace;width:47%}
table.sbs col.n{width:3.5em}
table.sbs td.n{color:#888;font-size:.8em}
.wide{overflow-x:auto}
del,ins{text-decoration:none;border-radius:2px}
del{outline:1px dashed #a00}
span.key{display:inline-block;padding:0 .5em;margin-right:.4em;border-radius:3px}
span.ws{background:#eee}
.err{color:#a00}
"""


def _page_parts(
    replay: Callable[[], Iterable[FileSummary]], files: int, changed: int, errors: list[tuple[str, str]], filters: list[str],
    totals: dict[str, int],
) -> Iterator[str]:
    """The lines of ``index.html``; ``replay`` gives the files' summaries again for each of the two passes."""
    e = html.escape
    out = [
        "<!DOCTYPE html>",
        '<html lang="zh"><head><meta charset="utf-8"><title>zhclean report</title>',
        f"<style>{_CSS}</style></head><body>",
        "<h1>zhclean report</h1>",
        f"<p>{files} file(s) read, {changed} changed, {len(errors)} error(s).</p>",
        "<h2>Edits per filter</h2><table><tr><th>filter</th><th>edits</th></tr>",
    ]
    for name in filters:
        out.append(f'<tr><td><span class="key" style="background:{colour(name)}">{e(name)}</span></td><td class="num">{totals[name]}</td></tr>')
    out.append("</table>")
    if errors:
        out.append("<h2>Errors</h2><ul>")
        out.extend(f'<li class="err">{e(name)}: {e(reason)}</li>' for name, reason in errors)
        out.append("</ul>")
    out.append(
        "<h2>Files</h2><p>Characters and letters are textstat's <code>char_count</code> (non-whitespace characters) "
        "and <code>letter_count</code> (neither whitespace nor punctuation); textstat's word, sentence, syllable and "
        "readability figures assume English and are not shown.</p>"
    )
    # one cell for the edits by filter, not a column per filter: the table fits a window
    out.append(
        '<div class="wide"><table><tr><th>file</th><th>encoding</th><th>edits</th>'
        "<th>by filter</th><th>notices</th><th>characters before → after</th><th>letters before → after</th>"
        "<th>Han before → after</th></tr>"
    )
    yield from out
    out = []
    for i, s in enumerate(replay()):
        by_filter = " ".join(
            f'<span class="key" style="background:{colour(n)}">{e(n)} {s.counts[n]}</span>' for n in filters if s.counts.get(n)
        )
        cells = f"<td>{by_filter}</td>"
        link = f'<a href="#f{i}">{e(s.name)}</a>' if s.rows_html or s.notices_html else e(s.name)
        out.append(
            f"<tr><td>{link} <small>(<a href=\"{e(_url(s.report_name))}.diff\">diff</a>, "
            f"<a href=\"{e(_url(s.report_name))}.json\">edits</a>)</small></td><td>{e(s.encoding or '')}</td>"
            f'<td class="num">{sum(s.counts.values())}</td>{cells}<td class="num">{s.notices or ""}</td>'
            + "".join(
                f'<td class="num">{s.before[k]} → {s.after[k]}</td>' for k in ("characters", "letters", "han")
            )
            + "</tr>"
        )
        yield from out
        out = []
    out.append("</table></div><h2>Changes, and what was left for a person to check</h2>")
    for i, s in enumerate(replay()):
        if not s.rows_html and not s.notices_html:
            continue
        out.append(f'<h3 id="f{i}">{e(s.name)}</h3>')
        if s.rows_html:
            # a fixed layout takes its widths from the first row, so they are set on columns
            out.append(
                '<table class="sbs"><colgroup><col class="n"><col><col class="n"><col></colgroup>'
                "<tr><th></th><th>original</th><th></th><th>fixed</th></tr>"
            )
            out.append(s.rows_html)
            out.append("</table>")
            if s.hidden_rows:
                out.append(f"<p>… and {s.hidden_rows} more changed block(s); see the .diff file.</p>")
        if s.notices_html:
            out.append(
                "<p>Left unchanged, to check:</p><table><tr><th>line:col</th><th>filter</th><th>why</th>"
                "<th>text</th><th>candidates</th></tr>"
            )
            out.append(s.notices_html)
            out.append("</table>")
            if s.hidden_notices:
                out.append(f"<p>… and {s.hidden_notices} more; see the .json file.</p>")
        yield from out
        out = []
    out.append("</body></html>")
    yield from out


def _url(relative: str) -> str:
    from urllib.parse import quote

    return quote(relative.replace(os.sep, "/"))

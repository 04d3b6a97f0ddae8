"""The ``zhclean`` command line: a thin shell over :mod:`zhclean.runner`.

It parses options, expands paths, hands each input to the runner (in worker
processes with ``--jobs``), prints results in input order and turns outcomes
into the exit code.  It never prints a traceback: every failure is reported
as ``error: <file>: <reason>``.
"""

from __future__ import annotations

import dataclasses
import os
import signal
import sys
from collections import deque
from concurrent.futures.process import BrokenProcessPool
from contextlib import nullcontext
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Callable, Iterable, Iterator, List, Optional

import typer

from . import __version__
from .config import ConfigError, Settings, load_settings, parse_option
from .cache import CACHE_NAME, RunCache, options_fingerprint
from .parallel import default_jobs, file_weight, ordered_map
from .pipeline import available_filters, filter_options
from .runner import (
    DEFAULT_INCLUDE, Outcome, RunOptions, Task, iter_tasks, process_bytes, process_task, sweep_stale_temps, warm_up,
)

if TYPE_CHECKING:  # pragma: no cover
    from .articles.cli import SplitOutcome
    from .report import RunSummary

EXIT_CODES = """\
Exit codes: 0 nothing needed fixing; 1 at least one input was fixed (or,
with --check, --diff or --stdout, would be); 2 usage error, unreadable input (the
other inputs are still processed) or a worker process died; 130 interrupted.
"""

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
    help="Repair damaged Chinese text (mojibake, inline pinyin, broken layout) and report every change.",
)

# More files than this on a terminal get a progress bar.
_PROGRESS_MIN_FILES = 4


def _split_names(values: Optional[List[str]]) -> list[str] | None:
    """``--skip a,b --skip c`` -> ``["a", "b", "c"]``."""
    if not values:
        return None
    return [name.strip() for value in values for name in value.split(",") if name.strip()]


def _settings(paths: list[str], steps, skip, to, assignments) -> Settings:
    options: dict[str, dict[str, object]] = {}
    for assignment in assignments or ():
        filter_name, option, value = parse_option(assignment)
        options.setdefault(filter_name, {})[option] = value
    if to is not None:
        options.setdefault("script", {})["to"] = to
    settings = load_settings(paths).override(steps=_split_names(steps), skip=_split_names(skip), options=options)
    settings.pipeline()  # unknown filters or options fail here, before any file is read
    return settings


# ---------------------------------------------------------------- options shared by fix and check

PathsArg = typer.Argument(
    ...,
    help="Files or directories to fix; directories are searched recursively for *.txt files "
    "(see --include; hidden files and binary files are skipped). Use - to read standard input and write standard output.",
    show_default=False,
)
StepsOpt = typer.Option(
    None, "--steps", metavar="NAMES", help="Run only these filters (comma-separated or repeated), in the default order."
)
SkipOpt = typer.Option(None, "--skip", metavar="NAMES", help="Do not run these filters (comma-separated or repeated).")
ToOpt = typer.Option(
    None, "--to", metavar="SCRIPT", help="Target script for the script filter (its 'to' option), e.g. hans or hant."
)
SetOpt = typer.Option(
    None,
    "--set",
    metavar="FILTER.OPTION=VALUE",
    help="Set any filter option, e.g. --set html.entities=false (repeatable). See 'zhclean filters'.",
)
# Flags take no value; an empty metavar keeps typer from printing ``<bool>`` after them,
# which reads as if ``--check=true`` were accepted.
_FLAG = ""
DiffOpt = typer.Option(False, "--diff", metavar=_FLAG, help="Print a unified diff of the changes to stdout instead of writing files.")
JobsOpt = typer.Option(
    0, "--jobs", "-j", min=0, metavar="N",
    help="Process files in N worker processes (default 0: one per CPU; 1: no workers). Output order is unchanged.",
)
JsonlOpt = typer.Option(
    None, "--jsonl-field", metavar="FIELD",
    help="Read *.jsonl files as JSON Lines records and clean only FIELD of each (other fields and order are kept).",
)
CacheOpt = typer.Option(
    False, "--cache/--no-cache", metavar=_FLAG,
    help=f"Skip files whose content and options are unchanged since the last cached run (cache: ./{CACHE_NAME}).",
)
CacheFileOpt = typer.Option(None, "--cache-file", metavar="PATH", help="Use this cache file (implies --cache).")
SchedulerOpt = typer.Option(
    None, "--scheduler", metavar="ADDRESS",
    help="Run on a running Dask cluster, e.g. tcp://host:8786 (needs zhclean[dask]; files must be visible to the workers).",
)
ReportOpt = typer.Option(
    None,
    "--report-dir",
    metavar="DIR",
    help="Write, per input, a unified diff and a JSON list of edits, plus DIR/index.html summarising the run.",
)
QuietOpt = typer.Option(False, "--quiet", "-q", metavar=_FLAG, help="Print only errors.")
IncludeOpt = typer.Option(
    None, "--include", metavar="GLOB",
    help="In directories, clean files whose name matches GLOB (repeatable; default *.txt, plus *.jsonl with "
    "--jsonl-field). Files named on the command line are always cleaned.",
)
DropBoilerplateOpt = typer.Option(
    False, "--drop-boilerplate", metavar=_FLAG,
    help="Remove site boilerplate (breadcrumbs, review credits, hotline and ICP lines). It is listed in the report either way.",
)


@app.command("fix", epilog=EXIT_CODES)
def fix_command(
    ctx: typer.Context,
    paths: List[str] = PathsArg,
    check: bool = typer.Option(False, "--check", metavar=_FLAG, help="Write nothing; exit 1 if any file would change."),
    diff: bool = DiffOpt,
    stdout: bool = typer.Option(False, "--stdout", metavar=_FLAG, help="Write the fixed text to stdout instead of rewriting the files."),
    output_dir: Optional[str] = typer.Option(
        None,
        "--output-dir",
        "-o",
        metavar="DIR",
        help="Write fixed copies under DIR (mirroring directory arguments) and leave the inputs untouched.",
    ),
    steps: Optional[List[str]] = StepsOpt,
    skip: Optional[List[str]] = SkipOpt,
    to: Optional[str] = ToOpt,
    set_: Optional[List[str]] = SetOpt,
    jobs: int = JobsOpt,
    report_dir: Optional[str] = ReportOpt,
    quiet: bool = QuietOpt,
    include: Optional[List[str]] = IncludeOpt,
    drop_boilerplate: bool = DropBoilerplateOpt,
    jsonl_field: Optional[str] = JsonlOpt,
    cache: bool = CacheOpt,
    cache_file: Optional[str] = CacheFileOpt,
    scheduler: Optional[str] = SchedulerOpt,
    split_articles: bool = typer.Option(
        False,
        "--split-articles",
        metavar=_FLAG,
        help="Separate interleaved newspaper articles first, then fix each; write them one after another, "
        "each after a marker line (see 'zhclean split').",
    ),
) -> None:
    """Fix files in place, the way black and ruff format do.

    Each file is decoded (UTF-8, UTF-16, GB18030/GBK or Big5), cleaned by the
    filter pipeline and, if anything changed, rewritten atomically as UTF-8
    with LF line endings.  A one-line summary per file goes to stderr.

    Settings also come from \\[tool.zhclean] in the nearest pyproject.toml;
    options given here override them.
    """
    jobs, include, quiet, jsonl_field, cache = _with_config(
        ctx, paths, jobs=jobs, include=include, quiet=quiet, jsonl_field=jsonl_field, cache=cache
    ).values()
    set_ = _with_drop_boilerplate(set_, drop_boilerplate)
    if split_articles:
        _fix_split_articles(paths, check=check, stdout=stdout, output_dir=output_dir, steps=steps, skip=skip, to=to, assignments=set_,
                            report_dir=report_dir, quiet=quiet, include=include)
    chosen = [name for flag, name in ((check, "--check"), (diff, "--diff"), (stdout, "--stdout"), (output_dir, "--output-dir")) if flag]
    if len(chosen) > 1 and set(chosen) != {"--check", "--diff"}:
        _usage_error(f"{' and '.join(chosen)} cannot be combined")
    write = "output" if output_dir else "none" if (check or diff or stdout) else "in-place"
    scale = _Scale(jobs=jobs, jsonl_field=jsonl_field, cache_file=cache_file or (CACHE_NAME if cache else None), scheduler=scheduler)
    _run(paths, write=write, check=check, diff=diff, stdout=stdout, output_dir=output_dir, steps=steps, skip=skip,
         to=to, assignments=set_, scale=scale, report_dir=report_dir, quiet=quiet, include=include)


def _with_config(ctx: typer.Context, paths: list[str], **given: object) -> dict[str, object]:
    """The run options as given on the command line, or, where a flag was not given, as
    ``[tool.zhclean]`` sets them (``jobs = 2``, ``include = ["*.md"]``), or the defaults."""
    try:
        from_file = load_settings(paths).run
    except ConfigError as exc:
        _usage_error(str(exc))

    def defaulted(name: str) -> bool:
        source = ctx.get_parameter_source(name)
        return source is None or source.name in ("DEFAULT", "DEFAULT_MAP")

    return {name: from_file[name] if name in from_file and defaulted(name) else value for name, value in given.items()}


def _with_drop_boilerplate(assignments: Optional[List[str]], drop: bool) -> Optional[List[str]]:
    """``--drop-boilerplate`` is a shorthand for ``--set layout.drop_boilerplate=true``."""
    return [*(assignments or []), "layout.drop_boilerplate=true"] if drop else assignments


@app.command("check", epilog=EXIT_CODES)
def check_command(
    ctx: typer.Context,
    paths: List[str] = PathsArg,
    diff: bool = DiffOpt,
    steps: Optional[List[str]] = StepsOpt,
    skip: Optional[List[str]] = SkipOpt,
    to: Optional[str] = ToOpt,
    set_: Optional[List[str]] = SetOpt,
    jobs: int = JobsOpt,
    report_dir: Optional[str] = ReportOpt,
    quiet: bool = QuietOpt,
    include: Optional[List[str]] = IncludeOpt,
    drop_boilerplate: bool = DropBoilerplateOpt,
    jsonl_field: Optional[str] = JsonlOpt,
    cache: bool = CacheOpt,
    cache_file: Optional[str] = CacheFileOpt,
    scheduler: Optional[str] = SchedulerOpt,
) -> None:
    """Report what 'fix' would change without writing anything (same as 'fix --check')."""
    jobs, include, quiet, jsonl_field, cache = _with_config(
        ctx, paths, jobs=jobs, include=include, quiet=quiet, jsonl_field=jsonl_field, cache=cache
    ).values()
    scale = _Scale(jobs=jobs, jsonl_field=jsonl_field, cache_file=cache_file or (CACHE_NAME if cache else None), scheduler=scheduler)
    _run(paths, write="none", check=True, diff=diff, stdout=False, output_dir=None, steps=steps, skip=skip,
         to=to, assignments=_with_drop_boilerplate(set_, drop_boilerplate), scale=scale, report_dir=report_dir,
         quiet=quiet, include=include)


@app.command("split")
def split_command(
    paths: List[str] = typer.Argument(
        ..., help="Pages of interleaved articles: files, directories (searched for *.txt) or - for standard input.",
        show_default=False,
    ),
    output: Optional[str] = typer.Option(
        None, "--output", "-o", metavar="DIR",
        help="Write 01.txt, 02.txt, … (one per article) and index.json to DIR; with several inputs, "
        "to DIR/<input name without .txt>/ (a directory argument's tree is mirrored).",
    ),
    fmt: str = typer.Option(
        "files", "--format", metavar="FORMAT",
        help="files (with -o) or json: print the index to stdout (one line of JSON per input when there are several).",
    ),
    jobs: int = JobsOpt,
    include: Optional[List[str]] = typer.Option(
        None, "--include", metavar="GLOB",
        help="In directories, split files whose name matches GLOB (repeatable; default *.txt).",
    ),
    fix: bool = typer.Option(
        False, "--fix", metavar=_FLAG,
        help="Repair each article's text (and headline, byline) with the default pipeline, as 'fix --split-articles' "
        "does. Without it, article text is the input as read, damage included.",
    ),
    quiet: bool = QuietOpt,
) -> None:
    """Separate interleaved newspaper articles and put each back in reading order.

    The index gives each article's headline, byline and text, the input lines
    and character ranges it was assembled from, text that belongs to no
    article, and the links the splitter is unsure of.  Article text is the
    input as read unless --fix is given.
    """
    from .articles.cli import split_command as run_split
    from .io import InputError

    if fmt not in ("files", "json"):
        _usage_error(f"unknown --format {fmt!r} (files or json)")
    settings = None
    if fix:
        try:
            settings = _settings(paths, None, None, None, None)
        except ConfigError as exc:
            _usage_error(str(exc))
    if len(paths) > 1 or os.path.isdir(paths[0]):
        _split_many(paths, output if fmt == "files" else None, jobs=jobs, include=include, quiet=quiet, settings=settings)
    path = paths[0]
    try:
        printed = run_split(path, output, fmt, read_stdin=lambda: sys.stdin.buffer.read(), clean=_cleaner(settings))
    except InputError as exc:
        typer.echo(f"error: {path}: {exc}", err=True)
        raise typer.Exit(2)
    if printed is not None:
        sys.stdout.write(printed)


def _split_many(paths: list[str], output: str | None, *, jobs: int, include, quiet: bool, settings: Settings | None = None) -> None:
    """``zhclean split`` over many files, in worker processes; results in input order whatever ``--jobs`` is."""
    if "-" in paths:
        _usage_error("- (standard input) can only be split on its own")
    items: Iterable[Task | Outcome] = iter_tasks(
        paths, output_dir=output, exclude=[output] if output else [], include=[*DEFAULT_INCLUDE, *(include or [])]
    )
    if output and len(paths) > 1:
        items = list(items)
        _check_output_collisions(items)
    if output and os.path.isdir(output):
        sweep_stale_temps([output])  # left by a killed run
    printer = _Printer(quiet=quiet, dry_run=False, report=False)
    exit_code = 0
    try:
        for outcome in ordered_map(partial(_split_item, settings=settings), items, default_jobs() if jobs == 0 else jobs, chunksize=4,
                                   weight=file_weight, warm_up=_warm_up_split):
            if outcome.error is not None:
                printer.error(outcome.path, outcome.error)
                exit_code = 2
            elif outcome.index_json is not None:
                _write_stdout(outcome.index_json + "\n")
            else:
                printer.note(f"split {outcome.path}: {_plural(outcome.articles, 'article')} -> {outcome.directory}")
    except BrokenProcessPool:
        printer.error("zhclean", "a worker process died (killed, or out of memory); inputs not reported above "
                      "were not split. Run the same command again to finish.")
        if output:
            sweep_stale_temps([output])
        exit_code = 2
    raise typer.Exit(exit_code)


def _split_item(item: Task | Outcome, settings: Settings | None = None) -> "SplitOutcome":
    """One input of :func:`_split_many` (in a worker): its articles go to its output path without ``.txt``."""
    from .articles.cli import SplitOutcome, split_one

    if isinstance(item, Outcome):
        return SplitOutcome(item.path, error=item.message)
    return split_one(item.path, os.path.splitext(item.output)[0] if item.output else None, _cleaner(settings))


def _cleaner(settings: Settings | None) -> Callable[[str], str] | None:
    """``split --fix``: repair each article's text with the pipeline of ``settings`` (None: leave it as read)."""
    if settings is None:
        return None
    pipeline = settings.pipeline()
    return lambda text: pipeline.run(text).text


def _warm_up_split() -> None:
    from .articles.split import split_document
    from .lang.samples import WARM_UP_TEXT

    split_document(WARM_UP_TEXT)


def _fix_split_articles(paths, *, check, stdout, output_dir, steps, skip, to, assignments, report_dir=None, quiet=False,
                        include=None) -> None:
    """``fix --split-articles``: split each input into articles, fix each, write them in sequence.

    Directories are walked as plain ``fix`` walks them (``--include``)."""
    from .articles.cli import fix_split_files

    try:
        pipeline = _settings(paths, steps, skip, to, assignments).pipeline()
    except ConfigError as exc:
        _usage_error(str(exc))
    if paths.count("-") > 1:
        _usage_error("- (standard input) can be given only once")
    tasks = iter_tasks(paths, output_dir=output_dir, exclude=[d for d in (output_dir, report_dir) if d],
                       include=[*DEFAULT_INCLUDE, *(include or [])])
    code = fix_split_files(
        tasks,
        lambda text: pipeline.run(text).text,
        stdout=stdout,
        check=check,
        read_stdin=lambda: sys.stdin.buffer.read(),
        write_stdout=sys.stdout.write,
        report_error=lambda p, msg: typer.echo(f"error: {p}: {msg}", err=True),
        report_note=None if quiet else (lambda line: typer.echo(line, err=True)),
        report_dir=report_dir,
    )
    raise typer.Exit(code)


@app.command("filters")
def filters_command() -> None:
    """List the filters in the order they run, with what each does and its options."""
    for name, cls in available_filters().items():
        flag = " (always runs)" if cls.required else ""
        typer.echo(f"{name:<12} {cls.summary}{flag}")
        for option, fld in filter_options(name).items():
            typer.echo(f"{'':<12}   --set {name}.{option}=…  (default: {fld.default!r})")


@app.callback(invoke_without_command=False)
def _root(
    version: bool = typer.Option(False, "--version", metavar=_FLAG, help="Show the version and exit.", is_eager=True, callback=lambda v: _version(v)),
) -> None:
    """zhclean repairs damaged Chinese text (web scrapes, PDF extraction, OCR) and reports every change.

    Start with 'zhclean fix FILE' (rewrites FILE) or 'zhclean check FILE' (changes nothing).
    """


def _version(value: bool) -> None:
    if value:
        typer.echo(f"zhclean {__version__}")
        raise typer.Exit()


# ---------------------------------------------------------------- running


@dataclass(frozen=True)
class _Scale:
    """How to spread the work: processes, JSON Lines, the run cache, a Dask cluster."""

    jobs: int = 0
    jsonl_field: str | None = None
    cache_file: str | None = None
    scheduler: str | None = None


def _run(paths, *, write, check, diff, stdout, output_dir, steps, skip, to, assignments, scale, report_dir, quiet, include) -> None:
    try:
        settings = _settings(paths, steps, skip, to, assignments)
    except ConfigError as exc:
        _usage_error(str(exc))
    if paths.count("-") > 1:
        _usage_error("- (standard input) can be given only once")
    if "-" in paths and output_dir:
        _usage_error("- (standard input) is written to standard output; --output-dir does not apply to it")
    options = RunOptions(
        settings=settings,
        write=write,
        want_text=stdout,
        want_diff=diff,
        report_dir=report_dir,
        jsonl_field=scale.jsonl_field,
        digests=scale.cache_file is not None,
    )
    excluded = [d for d in (output_dir, report_dir) if d]

    def walk() -> Iterator[Task | Outcome]:
        patterns = [*DEFAULT_INCLUDE, *(["*.jsonl"] if scale.jsonl_field else []), *(include or [])]
        return iter_tasks(paths, output_dir=output_dir, exclude=excluded, include=patterns)

    # The walk is streamed, never listed in full, unless several paths could collide in the output directory.
    items: Iterable[Task | Outcome] = walk()
    if output_dir and len(paths) > 1:
        items = list(items)
        _check_output_collisions(items)
    # Temporary files left by a killed run: the walk sweeps the trees it cleans, not these directories.
    sweep_stale_temps([d for d in (output_dir, report_dir) if d and os.path.isdir(d)])
    printer = _Printer(quiet=quiet, dry_run=check or diff, report=bool(report_dir), writes_files=not (check or diff or stdout))
    cache = _open_cache(scale.cache_file, settings, write=write, output_dir=output_dir, jsonl_field=scale.jsonl_field)
    summary = _open_report(report_dir, printer)
    exit_code = 0
    # Where an interrupted worker (or this process) may have been writing.
    written_under = [*(d for d in (output_dir, report_dir) if d), *([] if output_dir else paths)]
    with printer.progress(lambda: sum(isinstance(i, Task) for i in walk())), cache if cache is not None else nullcontext():
        outcomes = _process(items, options, scale, cache)
        try:
            for outcome in outcomes:
                printer.outcome(outcome)
                exit_code = max(exit_code, outcome.exit_code)
                if cache is not None:
                    _remember(cache, outcome)
                if summary is not None and outcome.report is not None:
                    summary.add(outcome.report)
                if summary is not None and outcome.status == "error":
                    summary.error(outcome.display, outcome.message or "")
        except BrokenProcessPool:
            printer.error("zhclean", "a worker process died (killed, or out of memory); inputs not reported above "
                          "were not processed. Completed files are whole; run the same command again to finish.")
            sweep_stale_temps(written_under)  # the dead worker's unfinished file (and report)
            exit_code = 2
        except KeyboardInterrupt:
            # Ctrl-C or SIGTERM can land between creating a temporary file and the code that removes it
            # on failure; once the workers are stopped and joined, whatever is left is swept.
            outcomes.close()
            if summary is not None:
                summary.discard()
            sweep_stale_temps(written_under, own=True)
            raise
    if summary is not None:
        try:
            index = summary.write()
        except OSError as exc:
            printer.error(report_dir, f"cannot write the report: {exc.strerror or exc}")
            exit_code = 2
        else:
            printer.note(f"report: {index}")
    printer.tally()
    raise typer.Exit(exit_code)


def _open_report(report_dir: str | None, printer: "_Printer") -> "RunSummary | None":
    """The run summary for ``--report-dir``, gathered file by file (see :class:`zhclean.report.RunSummary`)."""
    if not report_dir:
        return None
    from .report import RunSummary

    try:
        return RunSummary(report_dir)
    except OSError as exc:
        printer.error(report_dir, f"cannot write the report: {exc.strerror or exc}")
        raise typer.Exit(2) from None


def _open_cache(cache_file: str | None, settings: Settings, **run: object) -> RunCache | None:
    if cache_file is None:
        return None
    return RunCache.open(cache_file, options_fingerprint(settings, **run))


def _remember(cache: RunCache, outcome: Outcome) -> None:
    if outcome.path == "-":
        return
    if outcome.digest is not None and outcome.status != "error":
        cache.record(outcome.path, outcome.digest)
    else:
        cache.forget(outcome.path)
    cache.checkpoint()


def _process(items: Iterable[Task | Outcome], options: RunOptions, scale: _Scale, cache: RunCache | None) -> Iterator[Outcome]:
    """Outcomes in input order, from this process, a pool of worker processes, or a Dask cluster.

    Standard input is read and cleaned here; paths that failed before
    processing (missing, unlistable) pass through as outcomes in their place.
    """

    def work() -> Iterator[Task | Outcome]:
        for item in items:
            if isinstance(item, Task) and item.path == "-":
                data = _read_stdin()
                if isinstance(data, Outcome):
                    yield data
                elif options.jsonl_field:
                    from .streaming import process_jsonl_bytes

                    yield process_jsonl_bytes(item, data, options)
                else:
                    yield process_bytes(item, data, options)
            elif isinstance(item, Task) and cache is not None:
                yield dataclasses.replace(item, known_digest=cache.known(item.path))
            else:
                yield item

    run = partial(_outcome_of, options=options)
    if scale.scheduler:
        try:
            from .dask import client_map
            from distributed import Client
        except ImportError:
            _usage_error("--scheduler needs Dask: pip install 'zhclean[dask]'")
        # Workers have their own working directory: send absolute paths, report the ones the user gave.
        given: deque[str] = deque()

        def absolute() -> Iterator[Task | Outcome]:
            for item in work():
                given.append(item.path)
                if isinstance(item, Task) and item.path != "-":
                    output = os.path.abspath(item.output) if item.output else None
                    item = dataclasses.replace(item, path=os.path.abspath(item.path), output=output)
                yield item

        report_dir = os.path.abspath(options.report_dir) if options.report_dir else None
        remote = partial(_outcome_of, options=dataclasses.replace(options, report_dir=report_dir))
        try:
            client = Client(scale.scheduler, timeout="10s")
        except (OSError, TimeoutError) as exc:
            _usage_error(f"cannot reach the Dask scheduler at {scale.scheduler}: {exc}")
        with client:
            for outcome in client_map(client, remote, absolute(), weight=file_weight):
                outcome.path = given.popleft()
                yield outcome
        return
    jobs = default_jobs() if scale.jobs == 0 else scale.jobs
    yield from ordered_map(run, work(), jobs, chunksize=8, weight=file_weight, warm_up=partial(warm_up, options.settings))


def _outcome_of(item: Task | Outcome, options: RunOptions) -> Outcome:
    return item if isinstance(item, Outcome) else process_task(item, options)


def _read_stdin() -> bytes | Outcome:
    stream = getattr(sys.stdin, "buffer", sys.stdin)
    if stream is None:
        return Outcome("-", "error", "standard input is closed")
    try:
        data = stream.read()
    except (OSError, ValueError) as exc:
        return Outcome("-", "error", f"cannot read standard input: {getattr(exc, 'strerror', None) or exc}")
    return data.encode("utf-8") if isinstance(data, str) else data


def _check_output_collisions(items: list[Task | Outcome]) -> None:
    seen: dict[str, str] = {}
    for item in items:
        if isinstance(item, Task) and item.output is not None:
            key = os.path.abspath(item.output)
            if key in seen:
                _usage_error(f"{seen[key]} and {item.path} would both be written to {item.output}")
            seen[key] = item.path


def _usage_error(message: str) -> None:
    typer.echo(f"Error: {message}", err=True)
    raise typer.Exit(2)


class _Printer:
    """One line per input on stderr (the fixed text and diffs own stdout), plus a final tally."""

    def __init__(self, *, quiet: bool, dry_run: bool, report: bool, writes_files: bool | None = None):
        self.quiet, self.dry_run, self.report = quiet, dry_run, report
        # with --stdout the fixed text is printed, but no file is fixed: say "would fix", as --check does
        self.writes_files = not dry_run if writes_files is None else writes_files
        self.counts = {"changed": 0, "unchanged": 0, "error": 0, "skipped": 0, "cached": 0}
        self._progress = None
        self._task_id = None

    def progress(self, count: Callable[[], int]):
        """A progress bar on a terminal; ``count`` walks the inputs once more to learn the total."""
        if self.quiet or not sys.stderr.isatty():
            return nullcontext()
        total = count()
        if total < _PROGRESS_MIN_FILES:
            return nullcontext()
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        self._progress = Progress(
            TextColumn("zhclean"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
            console=Console(stderr=True), transient=True,
        )
        self._task_id = self._progress.add_task("fix", total=total)
        return self._progress

    def _emit(self, line: str, err: bool = True) -> None:
        if self._progress is not None:
            self._progress.console.print(line, markup=False, highlight=False, soft_wrap=True)
        else:
            typer.echo(line, err=err)

    def outcome(self, o: Outcome) -> None:
        self.counts[o.status] += 1
        if self._progress is not None and o.path != "-":
            self._progress.advance(self._task_id)
        if o.text is not None and not self.dry_run:
            _write_stdout(o.text)
        if o.diff:
            _write_stdout(o.diff)
        if o.status == "error":
            self.error(o.display, o.message or "")
            return
        if o.message and o.status in ("changed", "unchanged") and not self.quiet:
            self._emit(f"warning: {o.display}: {o.message}")  # e.g. bad JSON Lines passed through
        if self.quiet or self.report:
            return
        if o.status == "skipped":
            self._emit(f"skipped {o.display}: {o.message}")
        elif o.status == "cached":
            self._emit(f"unchanged {o.display} (cached)")
        elif o.status == "unchanged":
            self._emit(f"unchanged {o.display}")
        else:
            verb = "fixed" if self.writes_files else "would fix"
            self._emit(f"{verb} {o.display}: {_describe(o)}")

    def error(self, name: str, message: str) -> None:
        self._emit(typer.style(f"error: {name}: {message}", fg="red"))

    def note(self, line: str) -> None:
        if not self.quiet:
            self._emit(line)

    def tally(self) -> None:
        if self.quiet:
            return
        c = self.counts
        verb = "fixed" if self.writes_files else "would be fixed"
        parts = [f"{_plural(c['changed'], 'file')} {verb}", f"{c['unchanged']} unchanged"]
        if c["cached"]:
            parts[1] = f"{c['unchanged'] + c['cached']} unchanged ({c['cached']} known from the cache)"
        if c["skipped"]:
            parts.append(f"{c['skipped']} skipped (binary)")
        if c["error"]:
            parts.append(_plural(c["error"], "error"))
        self._emit(", ".join(parts) + ".")


def _describe(o: Outcome) -> str:
    edits = sum(o.counts.values())
    text = f"{_plural(edits, 'edit')}"
    if edits:
        text += " (" + ", ".join(f"{name} {n}" for name, n in sorted(o.counts.items(), key=lambda kv: -kv[1])) + ")"
    if o.notices:
        text += f", {_plural(o.notices, 'notice')}"
    if o.encoding and o.encoding != "utf-8":
        text += f"; re-encoded from {o.encoding} to utf-8"
    return text


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def _write_stdout(text: str) -> None:
    """Write UTF-8 bytes whatever the locale says, so the output contract holds on every terminal."""
    out = getattr(sys.stdout, "buffer", None)
    if out is None:
        sys.stdout.write(text)
        return
    sys.stdout.flush()
    out.write(text.encode("utf-8"))
    out.flush()


def _terminate_as_interrupt(signum: int, frame: object) -> None:
    """SIGTERM takes the Ctrl-C path, so worker processes are shut down instead of orphaned."""
    raise KeyboardInterrupt


def main(argv: Optional[List[str]] = None) -> None:
    """Entry point of the ``zhclean`` console script; exits with 0, 1 or 2 (130 when interrupted)."""
    signal.signal(signal.SIGTERM, _terminate_as_interrupt)
    try:
        app(args=argv, prog_name="zhclean")
    except KeyboardInterrupt:
        typer.echo("zhclean: interrupted", err=True)
        sys.exit(130)
    except BrokenPipeError:
        # The reader of our output went away (zhclean fix --stdout big.txt | head): stop quietly.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(1)
    except Exception as exc:  # a bug: say so in one line instead of a traceback
        if os.environ.get("ZHCLEAN_DEBUG"):
            raise
        typer.echo(f"zhclean: internal error ({type(exc).__name__}: {exc}); set ZHCLEAN_DEBUG=1 for details", err=True)
        sys.exit(2)

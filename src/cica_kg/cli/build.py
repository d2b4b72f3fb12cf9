"""``cica-kg build``: ingest, extract, build, validate and write the graph files."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from cica_kg.build.stream import STREAM_ABOVE
from cica_kg.cli._common import add_out_dir, add_parser, warn
from cica_kg.cli.link import add_linking_options, link_options
from cica_kg.cli.progress import Bar
from cica_kg.pipeline import run_build

PROGRESS_LOGGER = "cica_kg.extract"  # extraction's progress lines (INFO), see extract.extractor


def register(subparsers: Any) -> None:
    """Add the ``build`` subcommand."""
    parser = add_parser(
        subparsers,
        "build",
        summary="Build the knowledge graph from text files (default: the bundled corpus).",
        example="cica-kg build corpus/ --out build",
    )
    parser.add_argument(
        "sources",
        nargs="*",
        type=Path,
        metavar="SOURCE",
        help="UTF-8 text files of at most 1 MiB each (about 30 s of extraction "
        "per MiB), or directories of them (default: the bundled corpus)",
    )
    add_out_dir(parser, "directory for cica.ttl, cica.trig, validation.txt (default: build)")
    parser.add_argument(
        "--no-cache",
        dest="extraction_cache",
        action="store_false",
        help="extract every article again, ignoring and not writing the "
        "extraction cache (DIR/cache/extract)",
    )
    parser.add_argument(
        "--stream",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="write the evidence graph fact by fact instead of holding it in memory, and "
        "validate it in parts (default: when the corpus has more than "
        f"{STREAM_ABOVE:,} quotes; --no-stream: never)",
    )
    add_linking_options(parser)
    parser.set_defaults(func=handle)


def handle(args: argparse.Namespace) -> int:
    """Run the build; print its summary; exit 1 if the graph does not conform."""
    bar, bars = Bar(sys.stderr), _StageBars()
    progress = (lambda line: bar.write(f"cica-kg: {line}")) if sys.stderr.isatty() else None
    linking = link_options(args)  # checked before the build starts
    with _progress_lines(bar if progress is not None else None):
        try:
            result = run_build(args.sources or None, out_dir=args.out, progress=progress,
                               linking=linking, cache=args.extraction_cache, count=bar,
                               stream=args.stream, meter=bars)  # fmt: skip
        finally:
            bar.close()
            bars.close()
    for message in result.warnings:
        warn(message)
    print(result.summary(), end="")
    print(next_steps(), end="")
    return 0 if result.conforms else 1


def next_steps() -> str:
    """What to do after a build: the command as this shell can run it, query, serve."""
    command, activate = _command()
    rows = [f"{command} query --list", f"{command} query cq04",
            f"{command} serve   (then open http://127.0.0.1:7878/)"]  # fmt: skip
    if activate:
        rows.append(f"or first: . {activate}   (then plain `cica-kg ...`)")
    return "".join(f"{'next' if i == 0 else '':<28} {row}\n" for i, row in enumerate(rows))


def _command() -> tuple[str, str | None]:
    """How to call cica-kg from here (``cica-kg`` if it is on PATH), and an activate script."""
    import shutil

    script = Path(sys.argv[0])
    if script.name != "cica-kg":
        return "cica-kg", None
    on_path = shutil.which("cica-kg")
    if on_path and Path(on_path).resolve() == script.resolve():
        return "cica-kg", None
    try:
        shown = script.resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        shown = script.resolve()
    activate = shown.parent / "activate"
    return str(shown), str(activate) if (script.resolve().parent / "activate").is_file() else None


@contextmanager
def _progress_lines(bar: Bar | None) -> Iterator[None]:
    """With a ``bar`` (stderr is a terminal), show extraction's progress lines while it
    runs, above the bar."""
    if bar is None:
        yield
        return
    logger = logging.getLogger(PROGRESS_LOGGER)
    handler = _AboveBar(bar)
    handler.setFormatter(_Lines())
    level = logger.level
    logger.setLevel(logging.INFO)
    logger.addHandler(handler)
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


class _AboveBar(logging.Handler):
    """Writes each record through the bar, so a line never lands on the bar's own line."""

    def __init__(self, bar: Bar) -> None:
        super().__init__()
        self._bar = bar

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self._bar.write(self.format(record))
        except Exception:  # as logging.StreamHandler: a failed write never stops the build
            self.handleError(record)


class _Lines(logging.Formatter):
    """``cica-kg: <message>``, or ``cica-kg: warning: <message>`` from WARNING up."""

    def format(self, record: logging.LogRecord) -> str:
        kind = "warning: " if record.levelno >= logging.WARNING else ""
        return f"cica-kg: {kind}{record.getMessage()}"


class _StageBars:
    """One progress bar per stage of a streamed build (facts written, facts validated)."""

    def __init__(self) -> None:
        self._bars: dict[str, Any] = {}

    def __call__(self, stage: str, done: int, total: int) -> None:
        from cica_kg.cli.progress import Bar

        if stage not in self._bars:
            self._bars[stage] = Bar(sys.stderr, label=stage, unit="fact")
        self._bars[stage](done, total)

    def close(self) -> None:
        for bar in self._bars.values():
            bar.close()

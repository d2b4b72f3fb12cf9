"""cli/progress.py: a bar with counts, rate and time left on a terminal; nothing when piped."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

import cica_kg.extract
import cica_kg.validate
import cli_fakes
from cica_kg.cli import main
from cica_kg.cli.progress import Bar


class Terminal(io.StringIO):
    """A stream that says it is a terminal."""

    def isatty(self) -> bool:
        return True


def test_the_bar_shows_counts_rate_and_time_left_on_a_terminal() -> None:
    stream = Terminal()
    bar = Bar(stream)
    for done in range(1, 11):
        bar(done, 10)
    shown = stream.getvalue()
    assert "extract" in shown and "10/10" in shown
    assert "article/s" in shown or "articles/s" in shown
    assert "<" in shown  # elapsed<left
    assert shown.endswith("\n")  # the bar's line ends when the count is complete


def test_the_bar_is_silent_when_the_stream_is_not_a_terminal() -> None:
    stream = io.StringIO()
    bar = Bar(stream)
    for done in range(1, 4):
        bar(done, 3)
    bar.close()
    assert stream.getvalue() == "" and not bar.enabled


def test_a_piped_build_writes_no_bar(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(cica_kg.extract, "extract", cli_fakes.fake_extract)
    monkeypatch.setattr(cica_kg.validate, "validate", cli_fakes.conforming_validate)
    source = tmp_path / "tiny.txt"
    source.write_text(cli_fakes.TEXT, encoding="utf-8")
    assert main(["build", str(source), "--out", str(tmp_path / "out")]) == 0
    err = capsys.readouterr().err
    assert "1/1" not in err and "\r" not in err and "article/s" not in err


def test_a_build_on_a_terminal_shows_the_bar(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(cica_kg.extract, "extract", cli_fakes.fake_extract)
    monkeypatch.setattr(cica_kg.validate, "validate", cli_fakes.conforming_validate)
    terminal = Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    source = tmp_path / "tiny.txt"
    source.write_text(cli_fakes.TEXT, encoding="utf-8")
    assert main(["build", str(source), "--out", str(tmp_path / "out")]) == 0
    shown = terminal.getvalue()
    assert "1/1" in shown and "extract" in shown
    assert "cica-kg: extract: 2 statements" in shown  # the stage lines still follow


def test_a_line_written_while_the_bar_is_open_goes_above_it() -> None:
    stream = Terminal()
    bar = Bar(stream)
    bar(1, 10)
    bar.write("cica-kg: 1 of 10 long article parsed")
    bar(2, 10)
    shown = stream.getvalue()
    before, line, after = shown.partition("cica-kg: 1 of 10 long article parsed\n")
    assert line, shown
    assert before.endswith("\r")  # the bar was cleared first
    assert "/10" in before and "/10" in after  # drawn again below the line
    bar.close()


def test_a_line_without_an_open_bar_is_printed() -> None:
    stream = Terminal()
    Bar(stream).write("cica-kg: ingest: 1 document")
    assert stream.getvalue() == "cica-kg: ingest: 1 document\n"

"""``cica-kg --help`` and every subcommand's help, word for word as recorded.

The files under ``tests/expected/help/`` were written at 100 columns before the query path
was made lazy (decision 0136): a faster start must not change a line of any help text.
Change a help text on purpose, then rewrite its file.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cica_kg.cli import SUBCOMMANDS, main

EXPECTED = Path(__file__).parent / "expected" / "help"


@pytest.mark.parametrize("command", ["", *SUBCOMMANDS])
def test_help_text_is_unchanged(
    command: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    assert main([command, "--help"] if command else ["--help"]) == 0
    expected = (EXPECTED / f"{command or 'top'}.txt").read_text(encoding="utf-8")
    assert capsys.readouterr().out == expected


def test_an_unknown_command_is_refused_as_before(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    assert main(["nosuch"]) == 2
    assert capsys.readouterr().err == (
        "usage: cica-kg [-h] [-v] [--version] COMMAND ...\n"
        "cica-kg: error: argument COMMAND: invalid choice: 'nosuch' (choose from 'build', "
        "'validate', 'export', 'stats', 'facts', 'query', 'graph', 'link', 'serve', 'push')\n"
    )

"""Documentation stays in step with the code: every subcommand is in the README, with help."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cica_kg.cli import SUBCOMMANDS, main

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_opens_with_the_two_commands() -> None:
    head = README.splitlines()[:6]
    assert any("make run" in line for line in head)
    assert any("make test" in line for line in head)


@pytest.mark.parametrize("name", SUBCOMMANDS)
def test_each_subcommand_is_documented_in_the_readme(name: str) -> None:
    row = re.search(rf"^\| `cica-kg {name}\b", README, flags=re.MULTILINE)
    assert row, f"the README's command table has no row for `cica-kg {name}`"


@pytest.mark.parametrize("name", SUBCOMMANDS)
def test_each_subcommand_has_help_with_a_summary_and_an_example(
    name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([name, "--help"]) == 0
    out = capsys.readouterr().out
    assert f"usage: cica-kg {name}" in out
    example = re.search(r"^example:\s*\n?\s*(cica-kg .+)$", out, flags=re.MULTILINE)
    assert example, f"`cica-kg {name} --help` shows no example"
    assert example.group(1).split()[1] == name


def test_exit_codes_are_documented() -> None:
    for code in ("| 0 |", "| 1 |", "| 2 |", "| 3 |"):
        assert code in README

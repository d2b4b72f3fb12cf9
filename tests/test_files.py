"""``cica_kg.files``: the one atomic writer, and the commands that write files through it."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from cica_kg.cli import main
from cica_kg.errors import OutputError
from cica_kg.files import write_atomic, write_files_atomic
from cica_kg.store.oxigraph import load_store

MINI = Path(__file__).parent / "data" / "query-mini.trig"


@pytest.fixture()
def umask_022() -> Iterator[None]:
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_write_atomic_gives_the_users_usual_permissions(tmp_path: Path, umask_022: None) -> None:
    target = tmp_path / "out.ttl"
    write_atomic(target, b"data\n")
    assert target.read_bytes() == b"data\n"
    assert _mode(target) == 0o644
    assert [p.name for p in tmp_path.iterdir()] == ["out.ttl"]  # no temporary file left


def test_write_atomic_into_a_missing_directory_fails_cleanly(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="cannot write"):
        write_atomic(tmp_path / "missing" / "out.ttl", b"data")
    assert list(tmp_path.iterdir()) == []


def test_write_files_atomic_writes_all_files(tmp_path: Path, umask_022: None) -> None:
    write_files_atomic(tmp_path / "out", {"a.ttl": b"a", "b.txt": b"b"})
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["a.ttl", "b.txt"]
    assert {_mode(p) for p in (tmp_path / "out").iterdir()} == {0o644}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # the staging directory is gone


def test_query_output_file_has_the_users_usual_permissions(
    tmp_path: Path, umask_022: None, capsys: pytest.CaptureFixture[str]
) -> None:
    store = load_store(MINI, tmp_path / "store")
    target = tmp_path / "answer.csv"
    query = "SELECT ?s WHERE { ?s a ?c } ORDER BY ?s LIMIT 1"
    assert main(["query", "-e", query, "--store", str(store), "-f", "csv", "-o", str(target)]) == 0
    assert target.read_bytes().startswith(b"s\r\n")
    assert _mode(target) == 0o644

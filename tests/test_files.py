"""``cica_kg.files``: the one atomic writer, and the commands that write files through it."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from cica_kg.cli import main
from cica_kg.errors import OutputError
from cica_kg.files import atomic_output, write_atomic
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


def test_query_output_file_has_the_users_usual_permissions(
    tmp_path: Path, umask_022: None, capsys: pytest.CaptureFixture[str]
) -> None:
    store = load_store(MINI, tmp_path / "store")
    target = tmp_path / "answer.csv"
    query = "SELECT ?s WHERE { ?s a ?c } ORDER BY ?s LIMIT 1"
    assert main(["query", "-e", query, "--store", str(store), "-f", "csv", "-o", str(target)]) == 0
    assert target.read_bytes().startswith(b"s\r\n")
    assert _mode(target) == 0o644


def test_a_symlink_is_followed_and_kept(tmp_path: Path) -> None:
    real = tmp_path / "real.ttl"
    real.write_bytes(b"old")
    link = tmp_path / "link.ttl"
    link.symlink_to(real)
    write_atomic(link, b"new")
    assert link.is_symlink()
    assert real.read_bytes() == b"new"


def test_a_fifo_is_written_in_place(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    try:
        write_atomic(fifo, b"through the pipe")
        assert os.read(reader, 100) == b"through the pipe"
    finally:
        os.close(reader)
    assert stat.S_ISFIFO(fifo.lstat().st_mode)  # still a FIFO, not replaced by a file


def test_a_character_device_is_written_in_place() -> None:
    before = Path("/dev/null").stat()
    write_atomic(Path("/dev/null"), b"discarded")
    after = Path("/dev/null").stat()
    assert stat.S_ISCHR(after.st_mode) and after.st_rdev == before.st_rdev


def test_a_full_device_is_a_one_line_error() -> None:
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full here")
    with pytest.raises(OutputError, match="cannot write /dev/full"):
        write_atomic(Path("/dev/full"), b"x" * 10)
    assert stat.S_ISCHR(Path("/dev/full").stat().st_mode)


def test_a_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="it is a directory"):
        write_atomic(tmp_path, b"x")


def test_atomic_output_replaces_the_file_only_when_the_block_ends_well(
    tmp_path: Path, umask_022: None
) -> None:
    target = tmp_path / "out.nq"
    target.write_bytes(b"old\n")
    with pytest.raises(RuntimeError), atomic_output(target) as out:
        out.write(b"half")
        raise RuntimeError("stopped")
    assert target.read_bytes() == b"old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.nq"]
    with atomic_output(target) as out:
        out.write(b"new ")
        out.write(b"lines\n")
    assert target.read_bytes() == b"new lines\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.nq"]
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    with pytest.raises(OutputError, match="cannot write"), atomic_output(tmp_path / "no" / "x"):
        pass

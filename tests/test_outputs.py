"""``cica_kg.outputs``: a build directory is the project's, and is switched in as one unit."""

from __future__ import annotations

import json
import multiprocessing
import os
from pathlib import Path

import pytest

from cica_kg.errors import OutputError
from cica_kg.outputs import MARK, check_owned, commit, staged


def _build(out: Path, files: dict[str, bytes]) -> None:
    """What the pipeline does: stage the files, commit them."""
    with staged(out) as staging:
        for name, data in files.items():
            (staging.path / name).write_bytes(data)
        commit(staging, files)


def _contents(directory: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir()) if p.is_file()}


def _siblings(out: Path) -> list[str]:
    return sorted(p.name for p in out.parent.iterdir() if p.name != out.name)


def test_a_new_directory_gets_the_files_and_the_mark(tmp_path: Path) -> None:
    out = tmp_path / "build"
    _build(out, {"cica.ttl": b"one"})
    assert (out / "cica.ttl").read_bytes() == b"one"
    mark = json.loads((out / MARK).read_text(encoding="utf-8"))
    assert mark["written"] == sorted(["cica.ttl", MARK])
    assert not [name for name in _siblings(out) if "staging" in name]


def test_a_foreign_directory_is_refused_and_left_alone(tmp_path: Path) -> None:
    home = tmp_path / "home"
    (home / "store").mkdir(parents=True)
    (home / "store" / "thesis.tex").write_text("years of work", encoding="utf-8")
    (home / "cica.ttl").write_text("my own notes", encoding="utf-8")
    with pytest.raises(OutputError, match=r"not empty and not a cica-kg build directory"):
        _build(home, {"cica.ttl": b"x"})
    assert (home / "store" / "thesis.tex").read_text(encoding="utf-8") == "years of work"
    assert (home / "cica.ttl").read_text(encoding="utf-8") == "my own notes"
    assert _siblings(home) == []  # not even a lock file beside it


def test_a_file_as_out_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "notes.txt"
    target.write_text("keep", encoding="utf-8")
    with pytest.raises(OutputError, match="not a directory"):
        check_owned(target)


def test_an_earlier_unmarked_build_directory_is_accepted(tmp_path: Path) -> None:
    out = tmp_path / "build"
    (out / "store").mkdir(parents=True)
    (out / "store" / "cica-kg-store.json").write_text("{}", encoding="utf-8")
    (out / "cica.ttl").write_bytes(b"old")
    check_owned(out)
    _build(out, {"cica.ttl": b"new"})
    assert (out / "cica.ttl").read_bytes() == b"new"
    assert not (out / "store").exists()  # an output the earlier version wrote, not rebuilt here


def test_what_the_project_did_not_write_is_carried_over(tmp_path: Path) -> None:
    out = tmp_path / "build"
    _build(out, {"cica.ttl": b"one", "void.ttl": b"v"})
    (out / "cache").mkdir()
    (out / "cache" / "answer.json").write_text("{}", encoding="utf-8")
    (out / "README.txt").write_text("a user's note", encoding="utf-8")
    _build(out, {"cica.ttl": b"two"})
    assert (out / "cica.ttl").read_bytes() == b"two"
    assert (out / "cache" / "answer.json").read_text(encoding="utf-8") == "{}"
    assert (out / "README.txt").read_text(encoding="utf-8") == "a user's note"
    assert not (out / "void.ttl").exists()  # the project's own, not written this time


def test_a_failure_while_staging_leaves_the_previous_outputs(tmp_path: Path) -> None:
    out = tmp_path / "build"
    _build(out, {"cica.ttl": b"good"})
    before = _contents(out)
    with pytest.raises(RuntimeError), staged(out) as staging:
        (staging.path / "cica.ttl").write_bytes(b"half")
        raise RuntimeError("the build broke")
    assert _contents(out) == before
    assert not [name for name in _siblings(out) if "staging" in name]


def test_the_directory_keeps_its_mode(tmp_path: Path) -> None:
    out = tmp_path / "build"
    _build(out, {"cica.ttl": b"one"})
    out.chmod(0o750)
    _build(out, {"cica.ttl": b"two"})
    assert out.stat().st_mode & 0o777 == 0o750


def test_stale_staging_of_a_killed_build_is_removed(tmp_path: Path) -> None:
    out = tmp_path / "build"
    _build(out, {"cica.ttl": b"one"})
    stale = tmp_path / ".build.staging-killed"
    stale.mkdir()
    (stale / "cica.ttl").write_bytes(b"half")
    _build(out, {"cica.ttl": b"two"})
    assert not stale.exists()


def _hold_lock(out: str, ready: multiprocessing.synchronize.Event, done: object) -> None:
    with staged(Path(out)):
        ready.set()
        done.wait(30)  # type: ignore[attr-defined]


def test_a_second_build_is_kept_out_while_one_runs(tmp_path: Path) -> None:
    out = tmp_path / "build"
    _build(out, {"cica.ttl": b"one"})
    context = multiprocessing.get_context("fork")
    ready, done = context.Event(), context.Event()
    holder = context.Process(target=_hold_lock, args=(str(out), ready, done))
    holder.start()
    try:
        assert ready.wait(30)
        with pytest.raises(OutputError, match="another cica-kg build or link is writing it"):
            _build(out, {"cica.ttl": b"two"})
    finally:
        done.set()
        holder.join(30)
    assert (out / "cica.ttl").read_bytes() == b"one"
    _build(out, {"cica.ttl": b"three"})  # the lock went with the first build
    assert (out / "cica.ttl").read_bytes() == b"three"


def _read_set(out: Path, names: tuple[str, ...]) -> set[bytes]:
    """The files of ``out`` read through one handle on the directory, as a careful reader does."""
    directory = os.open(out, os.O_RDONLY | os.O_DIRECTORY)
    try:
        found = set()
        for name in names:
            handle = os.open(name, os.O_RDONLY, dir_fd=directory)
            with os.fdopen(handle, "rb") as file:
                found.add(file.read())
        return found
    finally:
        os.close(directory)


def test_a_reader_sees_one_whole_set(tmp_path: Path) -> None:
    """Every build writes its number into each file: a reader never sees two numbers."""
    out = tmp_path / "build"
    names = ("cica.ttl", "cica.trig", "void.ttl", "validation.txt")
    _build(out, dict.fromkeys(names, b"0"))
    context = multiprocessing.get_context("fork")
    writer = context.Process(target=_rebuild_many, args=(str(out), names, 40))
    writer.start()
    reads = mixed = 0
    while writer.is_alive():
        try:
            seen = _read_set(out, names)
        except FileNotFoundError:  # a set two builds old is removed: read again, never mixed
            continue
        reads += 1
        mixed += len(seen) > 1
    writer.join()
    assert writer.exitcode == 0
    assert reads > 0 and mixed == 0
    assert (out / "cica.ttl").read_bytes() == b"40"


def _rebuild_many(out: str, names: tuple[str, ...], times: int) -> None:
    for number in range(1, times + 1):
        _build(Path(out), dict.fromkeys(names, str(number).encode()))
    os._exit(0)


@pytest.mark.parametrize("command", ["build", "link"])
def test_the_cli_refuses_a_foreign_out_directory(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from cica_kg.cli import main

    home = tmp_path / "home"
    (home / "store").mkdir(parents=True)
    (home / "store" / "notes.txt").write_text("mine", encoding="utf-8")
    assert main([command, "--out", str(home)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "not a cica-kg build directory" in err, err
    assert [p.name for p in home.rglob("*")] == ["store", "notes.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["home"]

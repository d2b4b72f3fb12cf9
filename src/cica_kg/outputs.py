"""A build directory as one unit: staged beside it, switched in with one atomic exchange.

``cica-kg build`` and ``cica-kg link`` write every output (the files and the store) into a
staging directory next to the build directory, then exchange the two with one
``renameat2(RENAME_EXCHANGE)``: a reader sees the old set or the new set, never a mix, and a
build killed at any moment leaves the previous outputs as they were (decision 0081).

The build directory is the project's: it is marked by :data:`MARK`, which lists what the
project wrote there. A non-empty directory without the mark is refused (``--out ~`` must
never touch a home directory); whatever else lies in a marked directory (the link cache,
benchmark results, a user's file) is carried over into the new set untouched. A lock beside
the directory keeps a second build out while one runs; staging left by a killed build is
removed by the next one.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import json
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from cica_kg import __version__
from cica_kg.errors import OutputError

MARK = ".cica-kg-build.json"
"""The file marking a build directory as the project's, listing what the project wrote."""

LEGACY_OUTPUTS = frozenset(
    {"cica.ttl", "cica.trig", "linkset.trig", "void.ttl", "validation.txt", "store", "cache",
     "bench"}
)  # fmt: skip
"""What a build directory of an earlier version (before :data:`MARK`) may hold."""

_STORE_MARK = "cica-kg-store.json"
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


@dataclass(frozen=True)
class Staging:
    """The directory a build writes its new outputs into, and where they will go."""

    path: Path
    target: Path


def check_owned(out_dir: Path) -> None:
    """Refuse ``out_dir`` unless it is absent, empty, or a cica-kg build directory.

    Raises:
        OutputError: ``out_dir`` is a file, or a non-empty directory the project did not make.
    """
    if not out_dir.exists() and not out_dir.is_symlink():
        return
    if not out_dir.is_dir():
        raise OutputError(f"{out_dir}: not a directory; choose a directory for --out")
    names = {entry.name for entry in out_dir.iterdir()}
    if not names or MARK in names or _legacy(out_dir, names):
        return
    raise OutputError(
        f"{out_dir}: not empty and not a cica-kg build directory (no {MARK}); "
        "choose an empty or new directory for --out"
    )


def _legacy(out_dir: Path, names: set[str]) -> bool:
    store = out_dir / "store"
    return names <= LEGACY_OUTPUTS and (not store.exists() or (store / _STORE_MARK).is_file())


@contextmanager
def staged(out_dir: Path) -> Iterator[Staging]:
    """Stage a new set of outputs for ``out_dir``; :func:`commit` switches them in.

    If the block raises (or the process dies), ``out_dir`` is untouched and the staging
    directory is removed (now, or by the next build).

    Raises:
        OutputError: ``out_dir`` is not the project's, another build holds the lock, or the
            parent directory cannot be written.
    """
    target = Path(os.path.realpath(out_dir))
    check_owned(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(_cannot(target, exc)) from exc
    with _lock(target):
        _remove_stale(target)
        try:
            path = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.staging-"))
        except OSError as exc:
            raise OutputError(_cannot(target, exc)) from exc
        try:
            yield Staging(path, target)
        finally:
            shutil.rmtree(path, ignore_errors=True)


def commit(staging: Staging, written: Iterable[str]) -> None:
    """Mark the staged set, carry over what else the build directory holds, switch it in.

    ``written`` names the entries the project wrote into ``staging.path``.

    Raises:
        OutputError: the switch failed (the previous outputs are still in place).
    """
    names = sorted({*written, MARK})
    mark = {"written": names, "by": f"cica-kg {__version__}"}
    (staging.path / MARK).write_text(json.dumps(mark, indent=1) + "\n", encoding="utf-8")
    try:
        staging.path.chmod(_mode_for(staging.target))
        if staging.target.is_dir():
            _carry_over(staging.target, staging.path, previous=_written(staging.target))
        _switch(staging.path, staging.target)
    except OSError as exc:
        raise OutputError(_cannot(staging.target, exc)) from exc
    # staging.path now holds the previous set: keep it for readers still on it, until next time
    previous = _previous(staging.target)
    shutil.rmtree(previous, ignore_errors=True)
    try:
        staging.path.replace(previous)
    except OSError:
        shutil.rmtree(staging.path, ignore_errors=True)


def _written(out_dir: Path) -> set[str]:
    """What the project wrote in ``out_dir`` (its mark; for an unmarked earlier build: the
    outputs it used to write, never the cache or benchmark results)."""
    try:
        data = json.loads((out_dir / MARK).read_text(encoding="utf-8"))
        return {str(name) for name in data["written"]}
    except (OSError, ValueError, KeyError, TypeError):
        return set(LEGACY_OUTPUTS) - {"cache", "bench"}


def _carry_over(old: Path, new: Path, *, previous: set[str]) -> None:
    """Move every entry of ``old`` the project did not write (and the new set lacks) to ``new``."""
    for entry in sorted(old.iterdir()):
        if entry.name not in previous and not (new / entry.name).exists():
            entry.replace(new / entry.name)


def _switch(staging: Path, target: Path) -> None:
    """Put ``staging`` at ``target`` with one atomic exchange (or rename if there is none)."""
    if not target.exists():
        staging.replace(target)
        return
    libc = ctypes.CDLL(None, use_errno=True)
    exchange = getattr(libc, "renameat2", None)
    if exchange is not None:
        result = exchange(_AT_FDCWD, os.fsencode(staging), _AT_FDCWD, os.fsencode(target),
                          _RENAME_EXCHANGE)  # fmt: skip
        if result == 0:
            return
        code = ctypes.get_errno()
        if code not in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EXDEV):
            raise OSError(code, os.strerror(code), str(target))
    # no atomic exchange on this system or file system: two renames, a short window
    aside = target.with_name(f".{target.name}.aside-{os.getpid()}")
    target.replace(aside)
    staging.replace(target)
    aside.replace(staging)


@contextmanager
def _lock(target: Path) -> Iterator[None]:
    lock_path = target.with_name(f".{target.name}.lock")
    try:
        handle = lock_path.open("a")
    except OSError as exc:
        raise OutputError(_cannot(target, exc)) from exc
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise OutputError(
                f"{target}: another cica-kg build or link is writing it; wait until it ends"
            ) from None
        yield


def _remove_stale(target: Path) -> None:
    """Staging, swapped-out and previous sets left by earlier (possibly killed) runs."""
    for prefix in (f".{target.name}.staging-", f".{target.name}.aside-"):
        for stale in target.parent.glob(f"{prefix}*"):
            shutil.rmtree(stale, ignore_errors=True)
    shutil.rmtree(_previous(target), ignore_errors=True)


def _previous(target: Path) -> Path:
    return target.with_name(f".{target.name}.previous")


def _mode_for(target: Path) -> int:
    """The mode the build directory has (or a new directory would get)."""
    if target.is_dir():
        return target.stat().st_mode & 0o7777
    umask = os.umask(0)
    os.umask(umask)
    return 0o777 & ~umask


def _cannot(path: Path, exc: OSError) -> str:
    reason = exc.strerror or type(exc).__name__
    return f"cannot write {path}: {reason}; choose a writable output directory"

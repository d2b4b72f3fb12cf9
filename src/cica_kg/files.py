"""Write an output file atomically: a temporary file beside the target, then rename.

Every command that writes a file goes through here (decision 0031), so a failed or
interrupted run never leaves a half-written file, files get the user's usual permissions
(``0666 & ~umask``), and nothing but a regular file is ever replaced. A build directory as a
whole is switched by :mod:`cica_kg.outputs`.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from cica_kg.errors import OutputError


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` via a temporary file in the same directory and os.replace.

    Only a regular file is ever replaced: a symbolic link is followed (the file it points to
    is replaced, the link stays); a FIFO or a character device (``/dev/null``, a terminal) is
    written in place; a directory, block device or socket is refused.

    Raises:
        OutputError: the directory does not exist or is not writable, the disk is full, or
            ``path`` is a directory, block device or socket.
    """
    with atomic_output(path) as handle:
        handle.write(data)


@contextmanager
def atomic_output(path: Path) -> Iterator[BinaryIO]:
    """A binary file to write ``path`` piece by piece, as :func:`write_atomic` does at once:
    the pieces go to a temporary file beside it, renamed over ``path`` when the block ends
    without an error (on an error it is removed and ``path`` is left as it was).

    Raises:
        OutputError: as :func:`write_atomic`.
    """
    target = Path(os.path.realpath(path))
    kind = _kind(target)
    if kind in ("fifo", "char"):
        try:
            with target.open("wb") as handle:
                yield handle
        except OSError as exc:
            raise OutputError(_output_message(path, exc)) from exc
        return
    if kind != "file":
        raise OutputError(f"cannot write {path}: it is a {kind}; give a file name")
    try:
        fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:
        raise OutputError(_output_message(path, exc)) from exc
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
        tmp.chmod(0o666 & ~_umask())
        tmp.replace(target)
    except OSError as exc:
        raise OutputError(_output_message(path, exc)) from exc
    finally:
        tmp.unlink(missing_ok=True)


def _kind(path: Path) -> str:
    """``"file"`` (a regular file, or nothing yet), ``"fifo"``, ``"char"`` or what else it is."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return "file"
    except OSError:
        return "file"  # let the write report the real problem
    kinds = ((stat.S_ISREG, "file"), (stat.S_ISFIFO, "fifo"), (stat.S_ISCHR, "char"),
             (stat.S_ISDIR, "directory"), (stat.S_ISBLK, "block device"),
             (stat.S_ISSOCK, "socket"))  # fmt: skip
    return next((name for test, name in kinds if test(mode)), "special file")


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def _output_message(path: Path, exc: OSError) -> str:
    reason = exc.strerror or type(exc).__name__
    return f"cannot write {path}: {reason}; choose a writable output directory"

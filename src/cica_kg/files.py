"""Write output files atomically: a temporary file or directory beside the target, then rename.

Every command that writes a file goes through here (decision 0031), so a failed or
interrupted run never leaves a half-written file, and files get the user's usual
permissions (``0666 & ~umask``).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path

from cica_kg.errors import OutputError


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` via a temporary file in the same directory and os.replace.

    Raises:
        OutputError: the directory does not exist or is not writable, or the disk is full.
    """
    try:
        fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise OutputError(_output_message(path, exc)) from exc
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        tmp.chmod(0o666 & ~_umask())
        tmp.replace(path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise OutputError(_output_message(path, exc)) from exc


def write_files_atomic(out_dir: Path, files: Mapping[str, bytes]) -> None:
    """Write ``files`` (name → bytes) into ``out_dir`` all or nothing (decision 0031).

    Everything is first written to a temporary directory beside ``out_dir``; only when all
    files are complete are they moved in, one os.replace each.

    Raises:
        OutputError: ``out_dir`` or its parent cannot be created or written.
    """
    parent = out_dir.absolute().parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(dir=parent, prefix=f".{out_dir.name}.tmp-"))
    except OSError as exc:
        raise OutputError(_output_message(out_dir, exc)) from exc
    try:
        for name, data in sorted(files.items()):
            write_atomic(staging / name, data)
        try:
            out_dir.mkdir(exist_ok=True)
            for name in sorted(files):
                (staging / name).replace(out_dir / name)
        except OSError as exc:
            raise OutputError(_output_message(out_dir, exc)) from exc
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def _output_message(path: Path, exc: OSError) -> str:
    reason = exc.strerror or type(exc).__name__
    return f"cannot write {path}: {reason}; choose a writable output directory"

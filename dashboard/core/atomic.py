"""Atomic file writes: a crash mid-write leaves the previous file intact."""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

# A temporary file of a write this old was left by a writer that was killed (a write of even a large record
# takes seconds); younger ones may belong to a write in progress in another process.
STALE_TEMP_SECONDS = 15 * 60


def remove_stale_temporary_files(target: Path, *, older_than_s: float = STALE_TEMP_SECONDS) -> list[Path]:
    """Delete the `.name.*.tmp` siblings of `target` left by killed writes; return what was removed."""
    removed = []
    limit = time.time() - older_than_s
    for candidate in target.parent.glob(f".{target.name}.*.tmp"):
        try:
            if candidate.is_file() and candidate.stat().st_mtime < limit:
                candidate.unlink()
                removed.append(candidate)
        except OSError:
            continue  # another writer removed or replaced it meanwhile
    return removed


def write_atomically(path: str | Path, write: Callable[[BinaryIO], object]) -> Path:
    """Write a file through a temporary sibling, then rename it over the target.

    Parameters
    ----------
    path : str or Path
        The file to create or replace.
    write : callable
        Receives the open binary temporary file and writes the content.

    Returns
    -------
    Path
        The path written.

    Raises
    ------
    FileNotFoundError
        When the folder does not exist (it is never created: a mistyped folder is an error).
    OSError
        When the folder cannot be written; the temporary file is removed.
    """
    target = Path(path)
    if not target.parent.is_dir():
        raise FileNotFoundError(f"the folder {target.parent} does not exist")
    remove_stale_temporary_files(target)
    # The temporary file must be on the same file system for os.replace to be atomic.
    handle, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        # mkstemp creates 0600 files; give the result the permissions a plain open() would.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temp_name, 0o666 & ~umask)
        with os.fdopen(handle, "wb") as stream:
            write(stream)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temp_name, target)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
    return target


def write_bytes_atomically(path: str | Path, content: bytes) -> Path:
    """Write bytes to a file atomically."""
    return write_atomically(path, lambda stream: stream.write(content))

"""Atomic file writes: a crash mid-write leaves the previous file intact."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO


def write_atomically(path: str | Path, write: Callable[[BinaryIO], None]) -> Path:
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
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
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

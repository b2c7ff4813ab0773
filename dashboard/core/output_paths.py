"""Where an export may be written: never over a record being read, never into a folder that is not there."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path


class OutputPathError(ValueError):
    """An output path that must not be written; the message is one line naming the file."""


def _same_file(first: Path, second: Path) -> bool:
    try:
        return os.path.samefile(first, second)  # also true for hard links and symbolic links to one file
    except OSError:
        return False


def check_output_path(output: str | Path, protected: Iterable[str | Path]) -> Path:
    """Return `output` as a Path if an export may be written there, else raise OutputPathError.

    Parameters
    ----------
    output : str or Path
        The file to be written.
    protected : iterable of paths
        Files that must never be replaced (the record being read, the bundled record).

    Raises
    ------
    OutputPathError
        When the output is a protected file (or a link to one), a directory, in a missing folder, or read-only.
    """
    target = Path(output)
    if target.is_dir():
        raise OutputPathError(f"{target} is a directory; give a file name to write")
    folder = target.parent
    if not folder.is_dir():
        raise OutputPathError(f"the folder {folder} does not exist (it is not created automatically)")
    for record in protected:
        if target.exists() and _same_file(target, Path(record)):
            raise OutputPathError(
                f"{target} is the incident record {Path(record).name}; "
                "an export never replaces a record, write it to another file"
            )
    if not os.access(folder, os.W_OK | os.X_OK):
        raise OutputPathError(f"the folder {folder} is read-only")
    if target.exists() and not os.access(target, os.W_OK):
        raise OutputPathError(f"{target} is read-only")
    return target

"""Log messages of the command line as plain lines on the terminal (no prints elsewhere)."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO


class _BelowWarning(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno < logging.WARNING


@contextmanager
def console_logging(stdout: TextIO | None = None, stderr: TextIO | None = None) -> Iterator[None]:
    """Show the project's log messages as plain lines: information on stdout, warnings and errors on stderr.

    Parameters
    ----------
    stdout, stderr : text streams, optional
        Where the lines go; by default the process's standard streams at the time of the call.
    """
    logger = logging.getLogger("dashboard")
    out = logging.StreamHandler(stdout or sys.stdout)
    out.addFilter(_BelowWarning())
    err = logging.StreamHandler(stderr or sys.stderr)
    err.setLevel(logging.WARNING)
    saved = (logger.level, logger.propagate)
    for handler in (out, err):
        handler.setFormatter(logging.Formatter("%(message)s"))
        logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    try:
        yield
    finally:
        for handler in (out, err):
            logger.removeHandler(handler)
        logger.setLevel(saved[0])
        logger.propagate = saved[1]

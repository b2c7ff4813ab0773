"""Work on the distinct cells of a column once: large records repeat the same objects many times."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd


def distinct_cells(values: pd.Series) -> tuple[np.ndarray, pd.Series]:
    """Codes (row -> distinct cell) and the distinct cells of a column, by object identity.

    Rows that share one object (as a large GeoParquet record is read) are checked once; identity is always
    safe, because one object has one value.
    """
    cells = values.to_numpy(dtype=object)
    codes, _ = pd.factorize(np.fromiter(map(id, cells), dtype=np.int64, count=len(cells)))
    _, first = np.unique(codes, return_index=True)
    return codes, pd.Series(cells[first], dtype=object)


def convert_distinct(values: pd.Series, convert: Callable[[pd.Series], np.ndarray]) -> pd.Series:
    """Convert each distinct cell once (`convert` maps a Series to an array) and spread it to its rows."""
    codes, distinct = distinct_cells(values)
    return pd.Series(convert(distinct).take(codes), index=values.index)

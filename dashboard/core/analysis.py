"""Pure analysis of incident tables: time series, breakdowns, hit shares, hijack spans."""

from __future__ import annotations

from datetime import date

import pandas as pd

HIT_OUTCOMES = ("hit", "damaged", "sunk")
MISS_OUTCOMES = ("missed", "intercepted")


# Weeks run Monday to Sunday ("W-SUN" names the day a week ends on).
PERIOD_FREQUENCIES = {"day": "D", "week": "W-SUN", "month": "M"}
PERIOD_ORDER = ("day", "week", "month")
# A timeline shows at least this many bars: a shorter range switches to the next finer period.
MIN_BARS = 3


def period_starts(dates: pd.Series, period: str) -> pd.Series:
    """The start (midnight) of the period each date falls in."""
    return dates.dt.to_period(PERIOD_FREQUENCIES[period]).dt.start_time


def period_range(start: pd.Timestamp, end: pd.Timestamp, period: str) -> pd.DatetimeIndex:
    """Starts of every period from the one holding `start` to the one holding `end`."""
    frequency = PERIOD_FREQUENCIES[period]
    return pd.period_range(pd.Period(start, frequency), pd.Period(end, frequency), freq=frequency).start_time


def period_end(period_start: pd.Timestamp, period: str) -> pd.Timestamp:
    """The last day of the period that begins on `period_start`."""
    return pd.Period(period_start, PERIOD_FREQUENCIES[period]).end_time.normalize()


def timeline_period(start: date, end: date, requested: str) -> str:
    """The bar period to draw: the requested one, or a finer one when the range would show fewer than MIN_BARS bars.

    A clicked month bar narrows the dates to one month: its bars are then weeks, and a clicked week's are days.
    """
    chosen = requested
    while chosen != "day" and len(period_range(pd.Timestamp(start), pd.Timestamp(end), chosen)) < MIN_BARS:
        chosen = PERIOD_ORDER[PERIOD_ORDER.index(chosen) - 1]
    return chosen


def counts_by_period(
    incidents: pd.DataFrame,
    period: str = "week",
    stack_by: str = "category",
    start: date | None = None,
    end: date | None = None,
) -> pd.DataFrame:
    """Count incidents per period, one column per value of `stack_by`.

    Parameters
    ----------
    period : {"day", "week", "month"}
    stack_by : str
        A categorical column, or "weapons" (an incident counts once for each weapon it used: weapon uses).
    start, end : date, optional
        The range to cover (zero-filled); by default the incidents' own first and last dates.

    Returns
    -------
    DataFrame
        Indexed by period start (Timestamp), one column per value, zero-filled over the whole range.
    """
    if incidents.empty and (start is None or end is None):
        return pd.DataFrame()
    frame = incidents[["date", stack_by]]
    if stack_by == "weapons":
        frame = frame.explode("weapons")
    starts = period_starts(frame["date"], period)
    counts = frame.assign(period=starts).groupby(["period", stack_by], observed=True).size().unstack(fill_value=0)
    first = pd.Timestamp(start) if start is not None else incidents["date"].min()
    last = pd.Timestamp(end) if end is not None else incidents["date"].max()
    return counts.reindex(period_range(first, last, period), fill_value=0).rename_axis("period")


def incidents_by_period(
    incidents: pd.DataFrame, period: str = "week", start: date | None = None, end: date | None = None
) -> pd.Series:
    """Number of incidents per period (each incident once, whatever it is stacked by)."""
    if incidents.empty and (start is None or end is None):
        return pd.Series(dtype="int64")
    starts = period_starts(incidents["date"], period)
    first = pd.Timestamp(start) if start is not None else incidents["date"].min()
    last = pd.Timestamp(end) if end is not None else incidents["date"].max()
    return starts.value_counts().reindex(period_range(first, last, period), fill_value=0).rename("incidents")


def breakdown(incidents: pd.DataFrame, column: str) -> pd.Series:
    """Count incidents by the values of one column, largest first (weapons counted per weapon)."""
    values = incidents[column].explode() if column == "weapons" else incidents[column]
    counts = values.astype("string").fillna("not reported").value_counts()
    return counts[counts > 0].rename("incidents")


def hit_share_by_period(incidents: pd.DataFrame, period: str = "month") -> pd.DataFrame:
    """Share of attacks with a known result that hit, per period.

    Claim-only attacks (outcome `unknown`) are left out: their result is not known. Only periods with
    at least one such attack are listed (a period without attacks has no share, not a share of 0).
    """
    attacks = incidents[incidents["category"] == "attack"]
    attacks = attacks[attacks["outcome"].isin(HIT_OUTCOMES + MISS_OUTCOMES)]
    if attacks.empty:
        return pd.DataFrame(columns=["hit", "missed", "hit_share"])
    starts = period_starts(attacks["date"], period)
    hit = attacks["outcome"].isin(HIT_OUTCOMES).astype(int)
    table = pd.DataFrame({"period": starts, "hit": hit, "missed": 1 - hit}).groupby("period")[["hit", "missed"]].sum()
    table["hit_share"] = table["hit"] / (table["hit"] + table["missed"])
    return table


def with_gaps(table: pd.DataFrame, period: str = "month") -> pd.DataFrame:
    """The table on every period between its first and last, missing periods as empty rows (NaN).

    A line drawn from it breaks where there is no data instead of joining across the gap.
    """
    if table.empty:
        return table
    frequency = PERIOD_FREQUENCIES[period].replace("MS", "M")
    every = pd.period_range(table.index.min(), table.index.max(), freq=frequency).start_time
    return table.reindex(every)


def hijack_spans(incidents: pd.DataFrame, until: date) -> pd.DataFrame:
    """Spans from seizure to release of the ships actually seized (outcome `hijacked`).

    Parameters
    ----------
    incidents : DataFrame
        Incidents; only `hijacking` records whose outcome is `hijacked` count (repelled attempts do not).
    until : date
        End of the bars of ships with no recorded release: the record's completeness date, never the
        server's clock (the record says nothing about later days).
    """
    hijacks = incidents[(incidents["category"] == "hijacking") & (incidents["outcome"] == "hijacked")]
    if hijacks.empty:
        return pd.DataFrame(columns=["id", "vessel_name", "start", "end", "released", "crew_held"])
    released = hijacks["released_date"].notna()
    end = pd.Timestamp(until)
    return (
        pd.DataFrame(
            {
                "id": hijacks["id"].astype(str),
                # Unnamed vessels keep their record id, so two of them do not share one bar.
                "vessel_name": hijacks["vessel_name"]
                .astype("string")
                .fillna("Unnamed vessel (" + hijacks["id"].astype(str) + ")"),
                "start": hijacks["date"],
                "end": hijacks["released_date"].where(released, end),
                "released": released,
                "crew_held": hijacks["crew_held"],
            }
        )
        .sort_values("start")
        .reset_index(drop=True)
    )


def summarise_record(incidents: pd.DataFrame) -> str:
    """A plain-text summary: counts by category, date span, claim status and position basis."""
    if incidents.empty:
        return "0 incidents"
    lines = [
        f"{len(incidents)} incidents from {incidents['date'].min():%Y-%m-%d} to {incidents['date'].max():%Y-%m-%d}"
    ]
    for column in ("category", "claim_status", "position_basis", "actor"):
        counts = incidents[column].value_counts()
        lines.append(f"by {column}: " + ", ".join(f"{key} {value}" for key, value in counts.items() if value))
    if "sea_area" in incidents:
        counts = incidents["sea_area"].value_counts()
        lines.append("by sea_area: " + ", ".join(f"{key} {value}" for key, value in counts.items() if value))
    return "\n".join(lines)

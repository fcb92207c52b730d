"""Similar areas: the k areas of the same level nearest to one area on the indicators both have.

1. In the chosen year window, each area's latest value per indicator.
2. Each indicator is z-scored across the level's areas that have it (mean 0, standard deviation 1;
   an indicator with no spread scores 0 everywhere). Units and constant shifts therefore do not matter.
3. For each other area, the indicators both have; fewer than `min_shared` and it is not ranked.
4. Distance = sqrt(sum of squared z differences / number of shared indicators), so areas sharing
   few indicators are not favoured. Smallest first; ties by area_id.

Too little overlap gives a result with status "too_little_data" and no ranking.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

DEFAULT_K = 5
DEFAULT_MIN_SHARED = 3


@dataclass(frozen=True)
class Neighbour:
    area_id: str
    distance: float
    shared: tuple[str, ...]          # indicator_ids both have
    differ_most: tuple[str, ...]     # the (up to) two shared indicators with the largest |z difference|


@dataclass
class Similar:
    status: str                      # "ok" or "too_little_data"
    neighbours: list[Neighbour] = field(default_factory=list)
    own_indicators: int = 0          # indicators the area has in the window


def window_values(obs: pd.DataFrame, year_from: int, year_to: int, indicators=None) -> pd.DataFrame:
    """area_id x indicator_id table of each area's latest value in [year_from, year_to]."""
    rows = obs[(obs["year"] >= year_from) & (obs["year"] <= year_to)]
    if indicators is not None:
        rows = rows[rows["indicator_id"].isin(list(indicators))]
    newest = rows.sort_values("year").groupby(["area_id", "indicator_id"], sort=False).tail(1)
    return newest.pivot(index="area_id", columns="indicator_id", values="value").astype(float)


def zscores(table: pd.DataFrame) -> pd.DataFrame:
    """Each column standardised across the areas that have it; a column without spread (or with one
    value) scores 0 where it has a value."""
    std = table.std(ddof=0)
    z = (table - table.mean()) / std.where(std > 0)
    flat = std.index[~(std > 0)]
    z[flat] = table[flat].where(table[flat].isna(), 0.0)
    return z


def distance(z: pd.DataFrame, a: str, b: str) -> tuple[float, tuple[str, ...], tuple[str, ...]]:
    """(distance, shared indicators, the two that differ most) of two areas in a z table."""
    both = z.loc[a].notna() & z.loc[b].notna()
    shared = tuple(sorted(z.columns[both.values]))
    if not shared:
        return float("nan"), (), ()
    diff = (z.loc[a, list(shared)] - z.loc[b, list(shared)]).abs()
    dist = float(np.sqrt((diff ** 2).sum() / len(shared)))
    order = sorted(shared, key=lambda i: (-diff[i], i))
    return dist, shared, tuple(order[:2])


def similar(obs: pd.DataFrame, area_id: str, level_ids, year_from: int, year_to: int, k: int = DEFAULT_K,
            min_shared: int = DEFAULT_MIN_SHARED, indicators=None) -> Similar:
    """The k nearest areas of `level_ids` to `area_id` (see the module docstring).

    obs: rows with area_id, indicator_id, year, value (any areas; only level_ids are used)."""
    table = window_values(obs[obs["area_id"].isin(list(level_ids))], year_from, year_to, indicators)
    if area_id not in table.index:
        return Similar("too_little_data")
    z = zscores(table)
    own = int(table.loc[area_id].notna().sum())
    if own < min_shared:
        return Similar("too_little_data", own_indicators=own)
    found = []
    for other in z.index:
        if other == area_id:
            continue
        dist, shared, differ = distance(z, area_id, other)
        if len(shared) >= min_shared:
            found.append(Neighbour(other, dist, shared, differ))
    if not found:
        return Similar("too_little_data", own_indicators=own)
    found.sort(key=lambda n: (n.distance, n.area_id))
    return Similar("ok", found[:k], own)

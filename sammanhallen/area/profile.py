"""The figures of one area's profile, computed from query results (no text, no streamlit).

Every figure is a row of `observations` with its source; a rank, a difference or a share is computed
from such rows in the same year and never from an estimate. A missing value stays missing.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from sammanhallen import per_capita

COUNTRY = "SE"
POPULATION = "folkmangd"
CITED = ["confidence", "note", "source_id", "source_title", "source_publisher", "source_year", "source_url"]
# A difference is shown for rates, indices and amounts per person; a count or a rank minus the city's
# count says nothing (42 719 inhabitants "minus 945 193").
DIFFERENCE_UNITS = ("percent", "index", "SEK", "SEK/year")
INDICATOR_COLUMNS = ["indicator_id", "indicator_name_sv", "indicator_name_en", "unit", "higher_is_better", "year", "value",
                     "rank", "n_ranked", "parent_value", "country_value", "diff_parent", "diff_country", *CITED]


@dataclass
class Profile:
    area: dict                      # the area's row of queries/area_index.sql
    peers: list[str]                # area_ids of the same level, the area included
    indicators: pd.DataFrame        # one row per indicator the area has a value for (see indicator_rows)
    gaps: pd.DataFrame              # indicator_id, indicator_name_sv, indicator_name_en: the level has them, the area not
    series: pd.DataFrame            # the area's observations, every year
    population: dict | None = None  # the latest population row of the area
    predecessors: list[str] = field(default_factory=list)  # names of the areas it replaced
    successors: list[str] = field(default_factory=list)    # names of the areas that replaced it


def area_row(areas: pd.DataFrame, area_id: str) -> dict | None:
    hit = areas[areas["area_id"] == area_id]
    return None if hit.empty else hit.iloc[0].to_dict()


def peer_ids(areas: pd.DataFrame, area_id: str) -> list[str]:
    """The areas of the same level, the area included (ranks and gaps are among these)."""
    level = areas.loc[areas["area_id"] == area_id, "level"]
    return sorted(areas.loc[areas["level"] == level.iloc[0], "area_id"]) if len(level) else []


def observation_ids(areas: pd.DataFrame, area_id: str) -> list[str]:
    """The areas whose observations a profile reads: its level, its parent and the country."""
    row = area_row(areas, area_id) or {}
    parent = row.get("parent_id")
    extra = [a for a in (parent if isinstance(parent, str) else None, COUNTRY) if a]
    return sorted(set(peer_ids(areas, area_id)) | set(extra))


def latest(obs: pd.DataFrame) -> pd.DataFrame:
    """Each area's newest row per indicator."""
    return obs.sort_values("year").groupby(["area_id", "indicator_id"], sort=False).tail(1)


def _value_in(obs: pd.DataFrame, area_id, indicator_id: str, year: int):
    hit = obs[(obs["area_id"] == area_id) & (obs["indicator_id"] == indicator_id) & (obs["year"] == year)]
    return float(hit["value"].iloc[0]) if len(hit) else None


def rank_in_year(obs: pd.DataFrame, peers: list[str], indicator_id: str, year: int, value: float) -> tuple[int, int]:
    """(rank, count) among the peers with a value for the indicator in the year; 1 = highest value,
    equal values share the better rank."""
    same = obs[(obs["indicator_id"] == indicator_id) & (obs["year"] == year) & obs["area_id"].isin(peers)]
    return 1 + int((same["value"] > value).sum()), len(same)


def indicator_rows(obs: pd.DataFrame, area: dict, peers: list[str]) -> pd.DataFrame:
    """Per indicator of the area: latest value and year, rank among the peers that year, the parent's
    and the country's value that year and the differences, with the value's confidence and source."""
    own = latest(obs[obs["area_id"] == area["area_id"]])
    parent = area.get("parent_id") if isinstance(area.get("parent_id"), str) else None
    country = COUNTRY if area["area_id"] != COUNTRY and parent != COUNTRY else None
    rows = []
    for r in own.itertuples(index=False):
        rank, n = rank_in_year(obs, peers, r.indicator_id, int(r.year), r.value)
        parent_value = _value_in(obs, parent, r.indicator_id, r.year) if parent else None
        country_value = _value_in(obs, country, r.indicator_id, r.year) if country else None
        differs = r.unit in DIFFERENCE_UNITS
        rows.append({
            "indicator_id": r.indicator_id, "indicator_name_sv": r.indicator_name_sv, "indicator_name_en": r.indicator_name_en,
            "unit": r.unit, "higher_is_better": r.higher_is_better, "year": int(r.year), "value": float(r.value),
            "rank": rank, "n_ranked": n, "parent_value": parent_value, "country_value": country_value,
            "diff_parent": None if parent_value is None or not differs else float(r.value) - parent_value,
            "diff_country": None if country_value is None or not differs else float(r.value) - country_value,
            **{c: getattr(r, c) for c in CITED},
        })
    frame = pd.DataFrame(rows, columns=INDICATOR_COLUMNS)
    return frame.sort_values("indicator_name_sv", key=lambda s: s.str.casefold()).reset_index(drop=True)


def gaps(obs: pd.DataFrame, area_id: str, peers: list[str]) -> pd.DataFrame:
    """Indicators the level's other areas have a value for and the area has none."""
    others = obs[obs["area_id"].isin(peers) & (obs["area_id"] != area_id)]
    have = set(obs.loc[obs["area_id"] == area_id, "indicator_id"])
    missing = others[~others["indicator_id"].isin(have)]
    cols = ["indicator_id", "indicator_name_sv", "indicator_name_en"]
    return missing[cols].drop_duplicates("indicator_id").sort_values("indicator_name_sv").reset_index(drop=True)


def population(obs: pd.DataFrame, area_id: str) -> dict | None:
    """The area's newest population row (indicator folkmangd), with its year, confidence and source."""
    own = obs[(obs["area_id"] == area_id) & (obs["indicator_id"] == POPULATION)]
    return None if own.empty else own.sort_values("year").iloc[-1].to_dict()


def boundary_changes(areas: pd.DataFrame, area: dict) -> tuple[list[str], list[str]]:
    """(predecessors, successors): areas of the same level and parent that ended the day before this
    one began, or began the day after it ended (Stockholm's 2020 merger of Hägersten-Liljeholmen and
    Älvsjö into Hägersten-Älvsjö)."""
    same = areas[(areas["level"] == area["level"]) & (areas["parent_id"] == area.get("parent_id"))
                 & (areas["area_id"] != area["area_id"])]
    start, end = pd.to_datetime(area.get("valid_from")), pd.to_datetime(area.get("valid_to"))
    before = same[pd.to_datetime(same["valid_to"]) == start - pd.Timedelta(days=1)] if pd.notna(start) else same.iloc[:0]
    after = same[pd.to_datetime(same["valid_from"]) == end + pd.Timedelta(days=1)] if pd.notna(end) else same.iloc[:0]
    return sorted(before["name"]), sorted(after["name"])


def build(areas: pd.DataFrame, obs: pd.DataFrame, area_id: str) -> Profile | None:
    """The profile of one area from the area index and the observations of `observation_ids`; None
    for an unknown area."""
    area = area_row(areas, area_id)
    if area is None:
        return None
    peers = peer_ids(areas, area_id)
    before, after = boundary_changes(areas, area)
    return Profile(area=area, peers=peers, indicators=indicator_rows(obs, area, peers), gaps=gaps(obs, area_id, peers),
                   series=obs[obs["area_id"] == area_id].sort_values(["indicator_id", "year"]).reset_index(drop=True),
                   population=population(obs, area_id), predecessors=before, successors=after)


@dataclass
class Grant:
    """One stimulus payment to the area (or the sum of its districts'), its share and per inhabitant."""
    row: dict
    share: float
    population: dict | None           # the population row used (nearest the payment year), if any
    per_inhabitant: float | None      # None when no population may be divided by (per_capita rule)


def grants(funds: pd.DataFrame, obs: pd.DataFrame, area_id: str) -> list[Grant]:
    """Each payment of queries/area_funds.sql with its share of the programme's total and kronor per
    inhabitant from the area's population nearest the payment year (a usable figure before a weak one,
    ties: the earlier year), following sammanhallen/per_capita.py."""
    pop = obs[(obs["area_id"] == area_id) & (obs["indicator_id"] == POPULATION)]
    out = []
    for row in funds.to_dict("records"):
        pop_row = None
        if not pop.empty:
            usable = per_capita.usable_population(pop["value"], pop["confidence"])
            order = pop.assign(weak=~usable, distance=(pop["year"] - row["year"]).abs())
            pop_row = order.sort_values(["weak", "distance", "year"]).iloc[0].to_dict()
        per = None
        if pop_row is not None:
            q = per_capita.kronor_per_inhabitant(pd.Series([row["amount_sek"]]), pd.Series([pop_row["value"]]),
                                                 pd.Series([pop_row["confidence"]])).iloc[0]
            per = None if pd.isna(q) else float(q)
        out.append(Grant(row=row, share=row["amount_sek"] / row["total_sek"], population=pop_row, per_inhabitant=per))
    return out

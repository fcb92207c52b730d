"""What a comparison is of: area lists as in the URL, the quick-pick groups of areas, and the
year and range to show (limited to years with data). No Streamlit here."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

QUICK_GROUPS = ("municipalities", "urban15", "malmo_sd", "sthlm_sdn_2007", "sthlm_sdo_2020", "sthlm_sd")
# Stockholm's boroughs come in two divisions: the 14 stadsdelsnämnder of 2007–2019 and the 13
# stadsdelsområden from 1 July 2020 (Hägersten-Liljeholmen + Älvsjö → Hägersten-Älvsjö). A quick
# pick offers one division, chosen by areas.valid_from / valid_to on the day below.
DIVISION_DAYS = {"sthlm_sdn_2007": ("sthlm_sdo", "2019-12-31"), "sthlm_sdo_2020": ("sthlm_sdo", "2020-07-01")}
GROUP_LABELS = {
    "municipalities": ("De nio kommunerna", "The nine municipalities"),
    "urban15": ("Urban15-stadsdelarna", "The Urban15 districts"),
    "sthlm_sdn_2007": ("Stockholms stadsdelsnämnder 2007–2019", "Stockholm's district councils 2007–2019"),
    "sthlm_sdo_2020": ("Stockholms stadsdelsområden 2020–", "Stockholm's district areas 2020–"),
    "sthlm_sdo": ("Stockholms stadsdelsnämnder och -områden", "Stockholm's district councils and areas"),
    "sthlm_sd": ("Stockholms stadsdelar", "Stockholm's districts"),
    "malmo_sd": ("Malmös stadsdelar", "Malmö's districts"),
    "country": ("Riket", "Country"),
    "groups": ("Grupper av områden", "Groups of areas"),
    "gbg_po": ("Göteborgs primärområden", "Gothenburg primary areas"),
    "gbg_sdn": ("Göteborgs stadsdelsnämnder", "Gothenburg district councils"),
}


def split_ids(text) -> list[str]:
    """'a,b,,a' -> ['a', 'b']: the list form of a query parameter, order kept, duplicates dropped."""
    if text is None:
        return []
    items = text if isinstance(text, (list, tuple)) else str(text).split(",")
    out: list[str] = []
    for item in items:
        item = str(item).strip()
        if item and item not in out:
            out.append(item)
    return out


def join_ids(ids) -> str:
    return ",".join(split_ids(list(ids)))


def _existed_on(areas: pd.DataFrame, day: str) -> pd.Series:
    when = pd.Timestamp(day)
    start = pd.to_datetime(areas.valid_from, errors="coerce")
    end = pd.to_datetime(areas.valid_to, errors="coerce")
    return (start.isna() | (start <= when)) & (end.isna() | (end >= when))


def group_members(areas: pd.DataFrame, group: str) -> list[str]:
    """The areas of a quick-pick group; a Stockholm division keeps the boroughs that existed then."""
    if group in DIVISION_DAYS:
        base, day = DIVISION_DAYS[group]
        chosen = areas[areas.area_group == base]
        return list(chosen.loc[_existed_on(chosen, day), "area_id"])
    return list(areas.loc[areas.area_group == group, "area_id"])


def quick_group_of(areas: pd.DataFrame, area_id: str) -> str | None:
    """The first quick-pick group the area belongs to (the newest Stockholm division first)."""
    for group in sorted(QUICK_GROUPS, key=lambda g: g != "sthlm_sdo_2020"):
        if area_id in group_members(areas, group):
            return group
    return None


def to_int(text) -> int | None:
    try:
        return int(str(text).strip())
    except (TypeError, ValueError):
        return None


@dataclass
class YearChoice:
    year: int | None
    year_from: int | None
    year_to: int | None
    message: tuple[str, str] | None = None  # (sv, en) when the requested year had no data


def resolve_years(params: dict, years: list[int]) -> YearChoice:
    """The year for the ranked chart and the range for the time chart, limited to years with data.
    A requested year without data falls back to the latest year with data, and says so."""
    if not years:
        return YearChoice(None, None, None)
    wanted = to_int(params.get("year"))
    message = None
    if wanted is None:
        year = years[-1]
    elif wanted in years:
        year = wanted
    else:
        year = years[-1]
        message = (
            f"Året {wanted} saknar värden för urvalet; visar {year}, det senaste året med värden.",
            f"The year {wanted} has no values for this selection; showing {year}, the latest year with values.",
        )
    lo, hi = to_int(params.get("from")), to_int(params.get("to"))
    lo = min((y for y in years if lo is None or y >= lo), default=years[0])
    hi = max((y for y in years if hi is None or y <= hi), default=years[-1])
    if lo > hi:
        lo, hi = years[0], years[-1]
    return YearChoice(year, lo, hi, message)

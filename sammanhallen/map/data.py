"""What the map can show and the values it shows (plain Python; never imports streamlit).

Functions take ``run(query_name, **params) -> DataFrame`` so the page passes its cached runner
(``components.db.run``) and the view module passes ``sammanhallen.data.queries.run`` bound to a connection.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import numpy as np
import pandas as pd

from sammanhallen.i18n import Text, t
from sammanhallen.map.geographies import VINTAGE_YEARS
from sammanhallen.map.layers import funds_per_inhabitant

Runner = Callable[..., pd.DataFrame]
PROGRAMME = "urban15_stimulus"
FUNDS = "stimulansmedel"
FUNDS_PC = "stimulansmedel_per_invanare"
COUNT_UNITS = {"persons", "count", "SEK"}


NO_VALUE = Text("ingen uppgift", "no value")  # the gap of an area the indicator has no value for

@dataclass
class Measure:
    key: str
    name_sv: str
    name_en: str
    unit: str
    higher_is_better: object
    years: list[int]
    kind: str = "indicator"          # indicator | funds | funds_pc
    domain: str = ""

    def name(self, lang: str) -> str:
        return t(self.name_sv, self.name_en, lang)

    @property
    def is_count(self) -> bool:
        """Counts and amounts can be drawn as proportional circles or columns."""
        return self.kind == "funds" or self.unit in COUNT_UNITS


@dataclass
class MapValues:
    rows: pd.DataFrame                       # area_id, name, value, unit, year, confidence, source..., gap
    notes: list[tuple[str, str]] = field(default_factory=list)


def measures(run: Runner, area_ids: list[str], geo: str) -> list[Measure]:
    """Every indicator with values for these areas, then the stimulus funds where they apply."""
    out = []
    df = run("map_measures", area_ids=list(area_ids))
    for r in df.to_dict("records"):
        hib = r["higher_is_better"]
        hib = None if hib is None or hib is pd.NA or (isinstance(hib, float) and np.isnan(hib)) else bool(hib)
        out.append(Measure(r["indicator_id"], r["name_sv"], r["name_en"], r["unit"], hib,
                           [int(y) for y in r["years"]], domain=r["domain"]))
    if geo in ("u15", "kommun"):
        funds = run("map_funds", area_ids=list(area_ids), programme=PROGRAMME)
        if not funds.empty:
            years = sorted({int(y) for y in funds["year"]})
            out.append(Measure(FUNDS, "Stimulansmedel (utbetalt)", "Stimulus funds (paid)", "SEK", None, years,
                               kind="funds", domain="stimulans"))
            out.append(Measure(FUNDS_PC, "Stimulansmedel per invånare", "Stimulus funds per inhabitant", "SEK", None,
                               years, kind="funds_pc", domain="stimulans"))
    return out


def default_measure(ms: list[Measure], geo: str = "") -> Measure | None:
    """Stockholm maps: the social-assistance share (values for every borough), else the social-risk
    index; Urban15 maps: the stimulus funds (a value for every district and municipality)."""
    if not ms:
        return None
    preferred = ["ekonomiskt_bistand_andel_befolkning", "social_risk_index", FUNDS, "folkmangd"]
    if geo in ("u15", "kommun"):
        preferred = [FUNDS] + preferred
    by_key = {m.key: m for m in ms}
    for key in preferred:
        if key in by_key:
            return by_key[key]
    return ms[0]


def values(run: Runner, measure: Measure, year: int, area_ids: list[str], lang: str = "sv") -> MapValues:
    """One row per area (value NaN where there is none) for the measure and year."""
    ids = list(area_ids)
    notes: list[tuple[str, str]] = []
    if measure.kind == "indicator":
        rows = run("map_values", indicator_id=measure.key, year=int(year), area_ids=ids)
        rows = rows.drop(columns=["name"])
        rows["gap"] = np.where(rows["value"].isna(), NO_VALUE.in_(lang), "")
        return MapValues(_complete(rows), notes)
    funds = run("map_funds", area_ids=ids, programme=PROGRAMME)
    funds = funds[funds["year"] == int(year)].drop(columns=["name"])
    if measure.kind == "funds":
        funds = funds.assign(value=funds["amount_sek"].astype(float), unit="SEK", gap="")
    else:
        funds = funds_per_inhabitant(funds, lang)
        funds["unit"] = "SEK"
        funds["note"] = [
            (f"{a:,.0f} kr / {p:,.0f} invånare".replace(",", "\u00a0") if not pd.isna(p) else g)
            for a, p, g in zip(funds["amount_sek"], funds["population"], funds["gap"])
        ]
        n_gap = int(funds["value"].isna().sum())
        if n_gap:
            notes.append((f"Per invånare går inte att räkna för {n_gap} av {len(funds)} områden med utbetalning: "
                          f"folkmängd för samma område och år ({year}) saknas i källorna. Inget värde uppskattas.",
                          f"Per inhabitant cannot be computed for {n_gap} of {len(funds)} areas with a payment: "
                          f"no population for the same area and year ({year}) in our sources. Nothing is estimated."))
    full = pd.DataFrame({"area_id": ids}).merge(funds, on="area_id", how="left")
    full["year"] = int(year)
    full["unit"] = "SEK"
    full["gap"] = full["gap"].fillna(t("ingen utbetalning", "no payment", lang))
    return MapValues(_complete(full), notes)


ROW_COLUMNS = ("area_id", "value", "unit", "year", "confidence", "note", "source_id", "source_title",
               "source_publisher", "source_year", "source_url", "gap")


def _complete(rows: pd.DataFrame) -> pd.DataFrame:
    for col in ROW_COLUMNS:
        if col not in rows:
            rows[col] = None
    return rows


def vintage_note(geo: str, vintage: str | None, year: int) -> tuple[str, str] | None:
    """Say when the chosen year lies outside the borough division drawn."""
    if geo != "sdo" or vintage not in VINTAGE_YEARS:
        return None
    lo, hi = VINTAGE_YEARS[vintage]
    if lo <= int(year) <= hi:
        return None
    return (f"{year} ligger utanför indelningen {vintage.replace('-', '–')}; värdena gäller områdena så som källan "
            f"redovisar dem. Byt indelning för gränser från samma tid.",
            f"{year} lies outside the {vintage.replace('-', '–')} division; the values refer to the areas as the "
            f"source reports them. Switch division for boundaries of the same time.")


def series(run: Runner, measure: Measure, area_id: str) -> pd.DataFrame:
    """The area's series of the measure, only existing rows, with the citation of each value."""
    cited = ["year", "value", "confidence", "source_title", "source_publisher", "source_year"]
    if measure.kind == "indicator":
        df = run("area_series", area_ids=[area_id], indicator_id=measure.key)
        return df[cited]
    mv = run("map_funds", area_ids=[area_id], programme=PROGRAMME)
    if measure.kind == "funds":
        return mv.assign(value=mv["amount_sek"])[cited]
    pc = funds_per_inhabitant(mv)
    return pc[cited].dropna(subset=["value"])


def with_gaps(series_df: pd.DataFrame) -> pd.DataFrame:
    """Insert missing years between the first and last as NaN so a line chart breaks there."""
    if series_df.empty:
        return series_df
    years = range(int(series_df["year"].min()), int(series_df["year"].max()) + 1)
    full = pd.DataFrame({"year": list(years)}).merge(series_df, on="year", how="left")
    return full

"""Compare municipalities and districts: the comparison loaded for a selection, year slices, gaps
with reasons, reference values and funds per inhabitant. No Streamlit here. What the user chose
(area lists, quick groups, years) is in choices.py; differences and the series over time in diff.py.

Everything is loaded through a `run(name, **params)` callable (the cached `components.db.run` on
the page, `sammanhallen.data.queries.run` bound to a connection elsewhere), so the page, the view module
and the tests share one code path.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import pandas as pd

from sammanhallen.formatting import format_number, is_missing
from sammanhallen import i18n
from sammanhallen.i18n import t
from sammanhallen.per_capita import kronor_per_inhabitant, usable_population
from sammanhallen.compare.choices import split_ids

FUNDS = "funds"
FUNDS_PER_INHABITANT = "funds_per_inhabitant"
SPECIAL_MEASURES = (FUNDS, FUNDS_PER_INHABITANT)
PROGRAMME, PAYMENT = "urban15_stimulus", "2013-12"
POPULATION = "folkmangd"
COUNTRY = "SE"

Run = Callable[..., pd.DataFrame]


# --- loading ---------------------------------------------------------------------------------

@dataclass
class Comparison:
    measure: dict                 # id, name_sv, name_en, unit, definition, higher_is_better
    all_areas: pd.DataFrame       # compare_areas
    areas: pd.DataFrame           # the selected areas, in selection order
    values: pd.DataFrame          # all years for the selected areas
    references: pd.DataFrame      # all years for Sweden and the selected areas' municipalities
    years: list[int] = field(default_factory=list)
    allow_nearest_population: bool = False

    @property
    def area_ids(self) -> list[str]:
        return list(self.areas.area_id)

    def name(self, lang: str) -> str:
        return i18n.column(self.measure, "name", lang)

    def area_name(self, area_id: str) -> str:
        names = self.__dict__.get("_names")
        if names is None:  # built once: scanning all areas per call was a third of a large compare rerun
            names = self.__dict__["_names"] = dict(zip(self.all_areas.area_id, self.all_areas.name))
        return names.get(area_id, area_id)


def measure_options(indicators: pd.DataFrame, lang: str) -> dict[str, str]:
    """measure id -> label: funds first, then the social-risk index, then indicators by name."""
    options = {
        FUNDS: t("Stimulansmedel, utbetalning december 2013 (kr)", "Stimulus grant, December 2013 payment (SEK)", lang),
        FUNDS_PER_INHABITANT: t("Stimulansmedel per invånare, december 2013 (kr)", "Stimulus grant per inhabitant, December 2013 (SEK)", lang),
    }
    name = f"name_{t('sv', 'en', lang)}"
    ordered = indicators.assign(first=indicators.indicator_id != "social_risk_index").sort_values(["first", name])
    for row in ordered.itertuples():
        options[row.indicator_id] = getattr(row, name)
    return options


def measure_meta(measure_id: str, indicators: pd.DataFrame) -> dict:
    if measure_id == FUNDS:
        return dict(id=FUNDS, name_sv="Stimulansmedel, utbetalning december 2013",
                    name_en="Stimulus grant, December 2013 payment", unit="SEK", higher_is_better=None,
                    definition_sv="Prestationsbaserade stimulansmedel utbetalda i december 2013 per Urban15-stadsdel "
                                  "(kommuner: summan av kommunens stadsdelar). Källa: Boverket rapport 2014:17.",
                    definition_en="Performance-based stimulus grant paid in December 2013 per Urban15 district "
                                  "(municipalities: the sum of their districts). Source: Boverket report 2014:17.")
    if measure_id == FUNDS_PER_INHABITANT:
        return dict(id=FUNDS_PER_INHABITANT, name_sv="Stimulansmedel per invånare, december 2013",
                    name_en="Stimulus grant per inhabitant, December 2013", unit="SEK", higher_is_better=None,
                    definition_sv="Utbetalningen i december 2013 delad med områdets folkmängd (indikatorn folkmangd) "
                                  "samma år. Saknas folkmängd för året anges det; folkmängd från ett annat år används "
                                  "bara om användaren väljer det, och året anges då vid värdet.",
                    definition_en="The December 2013 payment divided by the area's population (indicator folkmangd) "
                                  "in the same year. Where that year is missing this is stated; population from another "
                                  "year is used only when the user chooses it, and that year is shown with the value.")
    match = indicators.loc[indicators.indicator_id == measure_id]
    if match.empty:
        raise KeyError(measure_id)
    row = match.iloc[0]
    hib = row.higher_is_better
    return dict(id=measure_id, name_sv=row.name_sv, name_en=row.name_en, unit=row.unit,
                higher_is_better=None if pd.isna(hib) else bool(hib),
                definition_sv=row.definition, definition_en=row.definition)


def per_inhabitant(funds: pd.DataFrame, population: pd.DataFrame, allow_nearest: bool = False) -> pd.DataFrame:
    """Funds rows with the population used and the amount per inhabitant (the rule of per_capita.py:
    no quotient from a low-confidence population; ``population_usable`` says which rows had one).

    pop_status: 'same_year' (population for the payment's year), 'other_year' (the nearest year was
    used because the user allowed it; population_year says which), 'other_year_available' (none for
    the year, nearest_population_year exists but was not used) or 'none' (no population at all).
    The nearest year prefers a usable figure to a low-confidence one, as the grant page does."""
    rows = []
    for row in funds.to_dict("records"):
        pop = population[(population.area_id == row["area_id"]) & population.value.notna()]
        same = pop[pop.year == row["year"]]
        out = dict(row, population=None, population_year=None, nearest_population_year=None,
                   population_confidence=None, population_source_id=None, population_source_title=None,
                   population_source_publisher=None, population_source_year=None, population_source_url=None)
        chosen = None
        if not same.empty:
            chosen, out["pop_status"] = same.iloc[0], "same_year"
        elif not pop.empty:
            nearest = pop.assign(weak=~usable_population(pop.value, pop.confidence),
                                 dist=(pop.year - row["year"]).abs()).sort_values(["weak", "dist", "year"]).iloc[0]
            out["nearest_population_year"] = int(nearest.year)
            if allow_nearest:
                chosen, out["pop_status"] = nearest, "other_year"
            else:
                out["pop_status"] = "other_year_available"
        else:
            out["pop_status"] = "none"
        if chosen is not None:
            out.update(population=float(chosen.value), population_year=int(chosen.year),
                       population_confidence=chosen.confidence, population_source_id=chosen.source_id,
                       population_source_title=chosen.source_title, population_source_publisher=chosen.source_publisher,
                       population_source_year=chosen.source_year, population_source_url=chosen.source_url)
        rows.append(out)
    columns = list(funds.columns) + ["population", "population_year", "nearest_population_year", "population_confidence",
                                     "population_source_id", "population_source_title", "population_source_publisher",
                                     "population_source_year", "population_source_url", "pop_status"]
    frame = pd.DataFrame(rows, columns=columns)
    frame["population_usable"] = usable_population(frame["population"], frame["population_confidence"])
    frame["per_inhabitant"] = kronor_per_inhabitant(frame["value"], frame["population"], frame["population_confidence"])
    return frame


def measure_values(run: Run, measure_id: str, area_ids: list[str], allow_nearest: bool = False) -> pd.DataFrame:
    """All years of the measure for the areas, in the compare layout (area_id, year, value, unit,
    confidence, note, source_*). For the per-inhabitant measure, value is the amount per inhabitant
    and amount_sek keeps the payment; its confidence is the population's when that is low."""
    if not area_ids:
        area_ids = []
    if measure_id not in SPECIAL_MEASURES:
        return run("compare_values", indicator_id=measure_id, area_ids=list(area_ids))
    funds = run("compare_funds", area_ids=list(area_ids), programme=PROGRAMME, payment=PAYMENT)
    population = run("compare_values", indicator_id=POPULATION, area_ids=list(area_ids))
    frame = per_inhabitant(funds, population, allow_nearest)
    frame["amount_sek"] = frame["value"]
    if measure_id == FUNDS_PER_INHABITANT:
        frame["value"] = frame["per_inhabitant"]
        frame["confidence"] = frame["population_confidence"].where(frame["population_confidence"] == "low", frame["confidence"])
    return frame


def load(run: Run, params: dict) -> Comparison:
    """Everything the page, the view and the exports need for one selection (params as in the URL)."""
    all_areas = run("compare_areas")
    indicators = run("indicators_list")
    measure_id = params.get("indicator") or ""
    measure = measure_meta(measure_id, indicators)
    known = set(all_areas.area_id)
    ids = [a for a in split_ids(params.get("areas")) if a in known]
    areas = all_areas.set_index("area_id").loc[ids].reset_index() if ids else all_areas.iloc[0:0]
    allow_nearest = params.get("pop") == "nearest"
    values = measure_values(run, measure_id, ids, allow_nearest)
    ref_ids = [COUNTRY] + sorted({m for m in areas.municipality_id.dropna()})
    references = measure_values(run, measure_id, ref_ids, allow_nearest)
    years = sorted({int(y) for y in values.loc[values.value.notna(), "year"]})
    if measure_id in SPECIAL_MEASURES:  # the payment year even where the per-inhabitant value is a gap
        years = sorted(set(years) | {int(y) for y in values.year.dropna()})
    return Comparison(measure, all_areas, areas, values, references, years, allow_nearest)


# --- one year --------------------------------------------------------------------------------

def _valid(area: pd.Series, year: int) -> tuple[bool, str | None, str | None]:
    start, end = area.get("valid_from"), area.get("valid_to")
    if start is not None and not pd.isna(start) and pd.Timestamp(start).year > year:
        return False, "from", str(pd.Timestamp(start).date())
    if end is not None and not pd.isna(end) and pd.Timestamp(end).year < year:
        return False, "to", str(pd.Timestamp(end).date())
    return True, None, None


def _years_text(years: list[int]) -> str:
    if not years:
        return ""
    if len(years) <= 4:
        return ", ".join(str(y) for y in years)
    return f"{years[0]}–{years[-1]}"


def _lookup(comp: Comparison) -> "_Lookup":
    found = comp.__dict__.get("_lookup")
    if found is None:  # built once per comparison: filtering the frames per area and year was most of a large rerun
        found = comp.__dict__["_lookup"] = _Lookup(comp)
    return found


class _Lookup:
    """The comparison's rows by (area, year): the first row with a value, the first row at all, and the
    years with a value per area, in the frames' order (as the filters they replace picked them)."""

    def __init__(self, comp: Comparison):
        self.value = self._first(comp.values, with_value=True)
        self.any = self._first(comp.values, with_value=False)
        self.reference = self._first(comp.references, with_value=True)
        self.years_with_value: dict[str, list[int]] = {}
        for area_id, year in self.value:
            self.years_with_value.setdefault(area_id, []).append(int(year))
        for years in self.years_with_value.values():
            years.sort()

    @staticmethod
    def _first(frame: pd.DataFrame, with_value: bool) -> dict[tuple, dict]:
        rows: dict[tuple, dict] = {}
        if frame.empty:
            return rows
        kept = frame[frame.value.notna()] if with_value else frame
        for row in kept.to_dict("records"):
            rows.setdefault((row["area_id"], row["year"]), row)
        return rows


def gap_reason(comp: Comparison, area: pd.Series, year: int, lang: str = "sv") -> str:
    """Why an area has no value for the year, in words a reader of the report understands."""
    valid, side, date = _valid(area, year)
    if not valid:
        return (t(f"området bildades {date}", f"the area was formed on {date}", lang) if side == "from"
                else t(f"området upphörde {date}", f"the area ceased on {date}", lang))
    lookup = _lookup(comp)
    if comp.measure["id"] in SPECIAL_MEASURES:
        row = lookup.any.get((area.area_id, year))
        if row is None:
            return t("ingen utbetalning: området är inte en Urban15-stadsdel eller en av de nio kommunerna", "no payment: the area is not an Urban15 district or one of the nine municipalities", lang)
        if comp.measure["id"] == FUNDS_PER_INHABITANT and is_missing(row["value"]):
            if not is_missing(row.get("population")) and not row.get("population_usable"):
                pop_year, figure = int(row["population_year"]), format_number(row["population"], 0, lang)
                return t(f"folkmängden ({figure} år {pop_year}) har låg tillförlitlighet; ingen kvot beräknas på den", f"the population ({figure} in {pop_year}) has low confidence; no ratio is computed from it", lang)
            if row["pop_status"] == "other_year_available":
                return t(f"folkmängd saknas för {year}; närmaste år med folkmängd är {int(row['nearest_population_year'])} "
                                f"(välj ”närmaste år” för att använda den)", f"no population for {year}; the nearest year with population is {int(row['nearest_population_year'])} "
                          f"(choose “nearest year” to use it)", lang)
            return t("folkmängd saknas för området i datan", "no population for the area in the data", lang)
        return t("uppgift saknas", "no value", lang)
    other = lookup.years_with_value.get(area.area_id, [])
    if other:
        return t(f"inget värde för {year} i källorna (värden finns för {_years_text(other)})", f"no value for {year} in the sources (values exist for {_years_text(other)})", lang)
    return t("indikatorn finns inte för området i källorna", "the indicator is not available for this area in the sources", lang)


def reference_value(comp: Comparison, area_id: str, year: int) -> pd.Series | None:
    """The value of a reference area (selected, Sweden or a municipality) in the year, or None."""
    row = reference_row(comp, area_id, year)
    return None if row is None else pd.Series(row)


def reference_row(comp: Comparison, area_id: str, year: int) -> dict | None:
    lookup = _lookup(comp)
    row = lookup.value.get((area_id, year))
    return row if row is not None else lookup.reference.get((area_id, year))


def area_rows(comp: Comparison) -> list[pd.Series]:
    """The selected areas as rows (built once for a multi-year table)."""
    return [pd.Series(area._asdict()) for area in comp.areas.itertuples(index=False)]


def year_slice(comp: Comparison, year: int | None, lang: str = "sv",
               areas: list[pd.Series] | None = None) -> pd.DataFrame:
    """One row per selected area for the year: the value with its source, or a gap with its reason,
    plus the values of Sweden and the area's municipality in the same year (reference lines).
    ``areas``: :func:`area_rows` of comp, given when slicing many years of one comparison."""
    if areas is None:
        areas = area_rows(comp)
    lookup = _lookup(comp)
    special = comp.measure["id"] in SPECIAL_MEASURES
    country = reference_row(comp, COUNTRY, year) if year is not None else None
    rows = []
    for area in areas:
        row = lookup.value.get((area.area_id, year)) if year is not None else None
        if row is None and special and year is not None:
            row = lookup.any.get((area.area_id, year))
        out = {"area_id": area.area_id, "name": area["name"], "level": area.level,
               "municipality_id": area.municipality_id, "year": year, "unit": comp.measure["unit"]}
        if row is not None:
            out.update({k: v for k, v in row.items() if k not in out or k == "unit"})
            out["year"] = year
        if out.get("value") is None or is_missing(out.get("value")):
            out["value"] = None
            out["gap_reason"] = gap_reason(comp, area, year, lang) if year is not None else ""
        else:
            out["gap_reason"] = None
        muni = area.municipality_id
        muni_row = (reference_row(comp, muni, year)
                    if year is not None and isinstance(muni, str) and muni != area.area_id else None)
        out["municipality_value"] = None if muni_row is None else float(muni_row["value"])
        out["municipality_name"] = comp.area_name(muni) if isinstance(muni, str) else None
        out["country_value"] = None if country is None or area.area_id == COUNTRY else float(country["value"])
        rows.append(out)
    frame = pd.DataFrame(rows)
    if frame.empty:
        return frame
    frame["value"] = pd.to_numeric(frame["value"], errors="coerce")
    for column in frame.columns.intersection(comp.values.columns):  # a year with gaps stays a whole number
        if pd.api.types.is_integer_dtype(comp.values[column].dtype) and pd.api.types.is_float_dtype(frame[column]):
            frame[column] = frame[column].astype("Int64")
    return frame

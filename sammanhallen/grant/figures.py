"""The Urban15 performance-based stimulus grant: totals, per-inhabitant figures and the reception
matrix from Boverket 2014:17. Plain Python (no streamlit) so it is tested without the app.
"""
from __future__ import annotations

import re
from urllib.parse import urlencode

import pandas as pd

from sammanhallen.i18n import Text, pick, t
from sammanhallen.per_capita import kronor_per_inhabitant, usable_population

PROGRAMME = "urban15_stimulus"
FIRST_PAYMENT = "2013-12"
PAYMENT_YEAR = 2013
EXPECTED_TOTAL_SEK = 99_000_000  # Boverket 2014:17 and 2015:17: "99 miljoner kronor" in December 2013
REPORT = "boverket_2014_17"

# The map page's funds view, in its own parameter names (sammanhallen/map/view.py: geo "u15" =
# the 15 Urban15 districts; measure sammanhallen.map.data.FUNDS). tests/test_grant.py checks both.
MAP_FUNDS_PARAMS = {"geo": "u15", "measure": "stimulansmedel"}


def map_funds_url(base_url: str = "") -> str:
    return f"{base_url}/karta?{urlencode(MAP_FUNDS_PARAMS)}"


# --------------------------------------------------------------------------------------- totals


def payment_total(rows: pd.DataFrame) -> int:
    """The total computed from the district rows (never typed in)."""
    return int(rows["amount_sek"].sum()) if len(rows) else 0


def total_matches(rows: pd.DataFrame, expected: int = EXPECTED_TOTAL_SEK) -> bool:
    return payment_total(rows) == expected


# ------------------------------------------------------------------------------ per inhabitant


def per_inhabitant(funds: pd.DataFrame, population: pd.DataFrame) -> pd.DataFrame:
    """One row per district: the payment, and kronor per inhabitant where a usable population
    figure exists.

    ``population`` is the result of queries/grant_population_nearest.sql (at most one row per
    area). The quotient follows the rule of sammanhallen/per_capita.py (``population_usable``): a
    low-confidence figure (informal site, approximate "mer än 5 000") is kept and shown with its
    source, but gives no quotient. Districts without any figure keep
    NaN in ``population`` and ``per_inhabitant``: gaps, not estimates. ``years_from_payment`` is
    population year minus payment year.
    """
    keep = ["area_id", "name", "municipality", "amount_sek", "year"]
    out = funds[keep].merge(population, on="area_id", how="left")
    out["population_usable"] = usable_population(out["population"], out["population_confidence"])
    out["per_inhabitant"] = kronor_per_inhabitant(out["amount_sek"], out["population"], out["population_confidence"])
    return out.sort_values(["per_inhabitant", "name"], ascending=[False, True], na_position="last").reset_index(drop=True)


def low_confidence_population(rows: pd.DataFrame) -> pd.DataFrame:
    """Rows of per_inhabitant() that have a population figure but of low confidence."""
    return rows[rows["population"].notna() & ~rows["population_usable"]].sort_values("name")


def quoted_passages(note) -> str:
    """The source's own words in a compiler's note: the passages between single quotes, joined
    with ' … ' (the note's commentary around them is dropped, and so are single quoted words
    the compiler cites in passing, e.g. "source says 'passerade'"). '' when nothing is quoted."""
    if not isinstance(note, str):
        return ""
    return " … ".join(q.strip() for q in re.findall(r"'([^']*)'", note) if len(q.strip()) >= 12)


def year_gap_text(years_from_payment, lang: str = "sv") -> str:
    """'2 år före 2013' / '3 years after 2013' / 'samma år'."""
    if years_from_payment is None or pd.isna(years_from_payment):
        return ""
    n = int(years_from_payment)
    if n == 0:
        return t("samma år som utbetalningen", "same year as the payment", lang)
    return t(f"{abs(n)} år {'före' if n < 0 else 'efter'} {PAYMENT_YEAR}",
             f"{abs(n)} year{'s' if abs(n) != 1 else ''} {'before' if n < 0 else 'after'} {PAYMENT_YEAR}", lang)


NO_POPULATION = Text("ingen befolkningssiffra i källorna", "no population figure in the sources")
LOW_POPULATION = Text("befolkningssiffran har låg tillförlitlighet – ingen kvot räknas",
                      "the population figure has low confidence – no ratio is computed")


# --------------------------------------------------------------------------- reception matrix

# Dimension order and labels. The classifications are this dashboard's summary of the report;
# the verbatim passage beside each cell is the evidence.
DIMENSIONS: tuple[tuple[str, str, str], ...] = (
    ("organisation", "Organisation", "Organisation"),
    ("political_involvement", "Politisk involvering", "Political involvement"),
    ("decision_maker", "Vem beslutar om användningen", "Who decides on the use"),
    ("use_of_funds", "Nya projekt eller skala upp", "New projects or scaling up"),
    ("arbetsformedlingen_participates", "Arbetsförmedlingen deltar", "Public Employment Service takes part"),
    ("schools_participate", "Skolan deltar", "Schools take part"),
    ("social_services_participate", "Socialtjänsten deltar", "Social services take part"),
)
DIMENSION_KEYS = tuple(d[0] for d in DIMENSIONS)

VALUE_LABELS: dict[str, tuple[str, str]] = {
    "new_organisation": ("Egen organisation kring de tre indikatorerna", "Own organisation around the three indicators"),
    "existing_area_programme": ("Befintligt områdesprogram", "Existing area programme"),
    "no_decision_yet": ("Inget beslut ännu", "No decision yet"),
    "high": ("Hög", "High"),
    "medium": ("Mellan", "Medium"),
    "low": ("Låg", "Low"),
    "stadsdelsnämnderna": ("Stadsdelsnämnderna", "The district committees"),
    "kommunstyrelsen": ("Kommunstyrelsen", "The municipal executive board"),
    "tjänstemannagrupp (styrgrupp)": ("Tjänstemannagrupp (styrgrupp)", "Group of officials (steering group)"),
    "not_decided": ("Inte beslutat", "Not decided"),
    "not_stated": ("Anges inte i rapporten", "Not stated in the report"),
    "new_projects": ("Nya projekt, nytänkande", "New projects, new thinking"),
    "scale_up_existing": ("Skala upp befintlig verksamhet", "Scale up existing work"),
    "both": ("Både nytt och uppskalning", "Both new and scaling up"),
    "yes": ("Ja", "Yes"),
    "partly": ("Delvis", "Partly"),
    "no": ("Nej", "No"),
}


def dimension_label(dimension: str, lang: str = "sv") -> str:
    for key, sv, en in DIMENSIONS:
        if key == dimension:
            return t(sv, en, lang)
    return dimension


def value_label(value: str, lang: str = "sv") -> str:
    return pick(VALUE_LABELS.get(value, (value, value)), lang)


def anchor_id(municipality_id: str, dimension: str) -> str:
    """HTML id of the passage a matrix cell summarises: 'rec-1490-organisation'."""
    return f"rec-{municipality_id}-{dimension.replace('_', '-')}"


def filter_reception(
    rows: pd.DataFrame,
    municipalities: list[str] | None = None,
    dimension: str | None = None,
    values: list[str] | None = None,
) -> pd.DataFrame:
    """Keep the municipalities chosen (all if none) and, if a dimension and values are given,
    only municipalities whose classification on that dimension is one of the values.
    All seven dimensions of a kept municipality stay (the matrix shows whole rows)."""
    out = rows
    if municipalities:
        out = out[out["municipality"].isin(municipalities)]
    if dimension and values:
        hit = out[(out["dimension"] == dimension) & (out["value"].isin(values))]["municipality_id"]
        out = out[out["municipality_id"].isin(set(hit))]
    return out


def reception_matrix(rows: pd.DataFrame, lang: str = "sv") -> pd.DataFrame:
    """Municipalities × the seven dimensions (labelled), cells = value labels; document order of
    dimensions, municipalities alphabetical."""
    if rows.empty:
        return pd.DataFrame(columns=[dimension_label(d, lang) for d in DIMENSION_KEYS])
    table = rows.pivot(index="municipality", columns="dimension", values="value")
    table = table.reindex(columns=list(DIMENSION_KEYS))
    table = table.map(lambda v: value_label(v, lang) if isinstance(v, str) else "–")
    table.columns = [dimension_label(d, lang) for d in DIMENSION_KEYS]
    table.index.name = t("Kommun", "Municipality", lang)
    return table.sort_index()

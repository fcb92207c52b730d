"""The social-risk index, computed openly from indicators (plain Python; never imports streamlit).

Stockholm's programme directs effort to where its "index för sociala risker" is highest. That index
follows the Västra Götalandsmodellen: indicators in four domains (sociala riskfaktorer, hälsa,
säkerhet & trygghet, försörjning), each area compared with the city, combined so that the city = 100.
The published values per stadsdelsnämnd are not in our data, so the dashboard computes an index of
the same shape from the indicators it has, and says which ones.

Formula, for a preset (a chosen set of indicators with domain and weight, a reference area and a
minimum number of indicators):

1. Relative value of indicator i for area a in year y, against the reference area r in the same year:
   ``R = 100 × v(a) / v(r)`` when a higher value means more risk, and
   ``R = 100 × v(r) / v(a)`` when a higher value is better (inverted, so R > 100 always means more risk).
   Only values > 0 on a ratio scale can be used: a missing value, a missing reference value or a
   value ≤ 0 makes that input unusable for that area-year, with the reason recorded. Nothing is
   estimated.
2. Domain index = weighted mean of the usable R in the domain (indicator weights).
3. Index = weighted mean of the domain indices (domain weights) over the domains that have at least
   one usable indicator; a domain without one is left out, not counted as 100.
4. Each area-year records how many and which indicators it was built from; fewer than the preset's
   minimum is flagged.

Means are computed on the ratios v(a)/v(r) and multiplied by 100 at the end (mathematically the same as
averaging R), so that the reference area comes out at exactly 100.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np
import pandas as pd

from sammanhallen.risk_index.presets import Preset, is_missing, validate

INDICATOR_PREFIX = "riskindex_"
SOURCE_PREFIX = "dashboard_riskindex_"


REASONS = {
    "no_value": ("området saknar värde detta år", "the area has no value this year"),
    "no_area_values": ("inget av områdena har värde detta år", "none of the areas has a value this year"),
    "no_reference": ("referensområdet saknar värde detta år", "the reference area has no value this year"),
    "not_positive": ("värdet är 0 eller negativt (kvoten går inte att räkna)", "the value is 0 or negative (no ratio)"),
    "reference_not_positive": ("referensvärdet är 0 eller negativt", "the reference value is 0 or negative"),
    "no_direction": ("indikatorn har ingen riktning (högre är varken bättre eller sämre)",
                     "the indicator has no direction (higher is neither better nor worse)"),
}


# ------------------------------------------------------------------------------------------- inputs

Runner = Callable[..., pd.DataFrame]

INPUT_COLUMNS = ("area_id", "indicator_id", "year", "value", "higher_is_better")


def inputs(source, preset: Preset) -> pd.DataFrame:
    """The preset's input values from ``queries/index_inputs.sql``. ``source`` is a DuckDB connection
    or a runner ``run(name, **params)`` (the app's cached ``components.db.run``)."""
    params = dict(indicator_ids=preset.indicator_ids or [""], level=preset.level, parent_id=preset.parent_id,
                  reference_area_id=preset.reference_area_id)
    if callable(source):
        return source("index_inputs", **params)
    from sammanhallen.data import queries

    return queries.run(source, "index_inputs", **params)


# ------------------------------------------------------------------------------------------ compute


@dataclass
class IndexResult:
    preset: Preset
    total: pd.DataFrame       # area_id, year, index, n_used, n_items, n_domains, flagged, indicators_used, is_reference, rank
    domains: pd.DataFrame     # area_id, year, domain, index, n_used, weight
    components: pd.DataFrame  # area_id, year, indicator_id, domain, weight, higher_is_better, value, reference_value, relative, used, reason

    @property
    def years(self) -> list[int]:
        return sorted(int(y) for y in self.total.loc[self.total["index"].notna(), "year"].unique())


TOTAL_COLUMNS = ["area_id", "year", "index", "n_used", "n_items", "n_domains", "flagged", "indicators_used",
                 "is_reference", "rank"]
DOMAIN_COLUMNS = ["area_id", "year", "domain", "index", "n_used", "weight"]
COMPONENT_COLUMNS = ["area_id", "year", "indicator_id", "domain", "weight", "higher_is_better", "value",
                     "reference_value", "relative", "used", "reason"]


def _weighted_mean(frame: pd.DataFrame, keys: list[str], value: str, weight: str) -> pd.DataFrame:
    """Σ w·x / Σ w per group, with n_used = number of rows. With x = 1 for every row (the reference
    area, in ratio form) the two sums are the same floating-point number, so the mean is exactly 1."""
    work = frame.assign(_num=frame[weight] * frame[value])
    out = (work.groupby(keys, sort=True)
           .agg(_num=("_num", "sum"), _den=(weight, "sum"), n_used=(value, "size")).reset_index())
    out["mean"] = out["_num"] / out["_den"]
    return out.drop(columns=["_num", "_den"])


def compute(inputs_frame: pd.DataFrame, preset: Preset) -> IndexResult:
    """The index for every area-year in ``inputs_frame`` (columns area_id, indicator_id, year, value,
    higher_is_better; the reference area's rows among them). Extra columns are ignored."""
    validate(preset)
    items = pd.DataFrame([{"indicator_id": i.indicator_id, "domain": i.domain, "weight": float(i.weight)}
                          for i in preset.items])
    frame = inputs_frame.loc[inputs_frame["indicator_id"].isin(items["indicator_id"]), list(INPUT_COLUMNS)].copy()
    frame["year"] = frame["year"].astype("int64")
    frame["value"] = frame["value"].astype("float64")
    if frame.empty:
        return IndexResult(preset, pd.DataFrame(columns=TOTAL_COLUMNS), pd.DataFrame(columns=DOMAIN_COLUMNS),
                           pd.DataFrame(columns=COMPONENT_COLUMNS))
    comp = _components(frame, items, preset.reference_area_id)
    used = comp[comp["used"]]
    domains, total_core = _domain_and_total_means(used, preset)
    comp = comp[COMPONENT_COLUMNS]
    total = _totals(comp, used, total_core, preset)
    domains = domains.sort_values(["year", "area_id", "domain"], kind="mergesort").reset_index(drop=True)
    comp = comp.sort_values(["year", "area_id", "indicator_id"], kind="mergesort").reset_index(drop=True)
    return IndexResult(preset, total, domains, comp)


def _components(frame: pd.DataFrame, items: pd.DataFrame, ref_id: str) -> pd.DataFrame:
    """Every compared area-year × every item with its value, the reference value, whether it is used
    (or why not) and its ratio to the reference."""
    direction = (frame.drop_duplicates("indicator_id").set_index("indicator_id")["higher_is_better"]
                 .map(lambda v: None if is_missing(v) else bool(v)))
    reference = (frame.loc[frame["area_id"] == ref_id, ["indicator_id", "year", "value"]]
                 .rename(columns={"value": "reference_value"}))

    # The areas' own indicator-years decide what is compared: the reference enters only where at least
    # one ranked area has a value of the same indicator in the same year.
    others = frame[frame["area_id"] != ref_id]
    compared = frame[(frame["area_id"] != ref_id)
                     | frame.set_index(["indicator_id", "year"]).index.isin(
                         others.set_index(["indicator_id", "year"]).index)]
    # Every area-year that has any value of the preset × every item, so missing inputs are listed.
    area_years = compared[["area_id", "year"]].drop_duplicates()
    grid = area_years.merge(items, how="cross")
    comp = grid.merge(frame[["area_id", "indicator_id", "year", "value"]], on=["area_id", "indicator_id", "year"],
                      how="left")
    comp = comp.merge(reference, on=["indicator_id", "year"], how="left")
    comp["higher_is_better"] = comp["indicator_id"].map(direction).astype(object)
    comp = comp.sort_values(["area_id", "year", "indicator_id"], kind="mergesort").reset_index(drop=True)

    v, r = comp["value"].to_numpy(float), comp["reference_value"].to_numpy(float)
    hib = comp["higher_is_better"]
    uncompared = ((comp["area_id"] == ref_id).to_numpy()
                  & ~comp.set_index(["indicator_id", "year"]).index.isin(others.set_index(["indicator_id", "year"]).index))
    reason = np.select(
        [np.isnan(v), uncompared, np.isnan(r), hib.isna().to_numpy(), v <= 0, r <= 0],
        ["no_value", "no_area_values", "no_reference", "no_direction", "not_positive", "reference_not_positive"],
        default="",
    )
    comp["reason"] = pd.Series(reason, index=comp.index).replace("", None)
    comp["used"] = comp["reason"].isna()
    with np.errstate(divide="ignore", invalid="ignore"):
        inverted = hib.map(lambda x: x is True).to_numpy(bool)
        ratio = np.where(inverted, r / v, v / r)  # the reference against itself: exactly 1
    comp["ratio"] = np.where(comp["used"], ratio, np.nan)
    comp["relative"] = 100.0 * comp["ratio"]
    return comp


def _domain_and_total_means(used: pd.DataFrame, preset: Preset) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(domain indexes, area-year index with its number of domains) from the used components.

    Means are taken of the ratios and multiplied by 100 at the end (the same numbers as means of
    the relative values, and the reference area stays exactly 100)."""
    if used.empty:
        return pd.DataFrame(columns=DOMAIN_COLUMNS), pd.DataFrame(columns=["area_id", "year", "index", "n_domains"])
    domains = _weighted_mean(used, ["area_id", "year", "domain"], "ratio", "weight")
    domains["weight"] = domains["domain"].map(preset.domain_weight).astype(float)
    total_core = _weighted_mean(domains, ["area_id", "year"], "mean", "weight")
    total_core = total_core.rename(columns={"n_used": "n_domains"})
    total_core["index"] = 100.0 * total_core["mean"]
    total_core = total_core[["area_id", "year", "index", "n_domains"]]
    domains["index"] = 100.0 * domains["mean"]
    return domains[DOMAIN_COLUMNS], total_core


def _totals(comp: pd.DataFrame, used: pd.DataFrame, total_core: pd.DataFrame, preset: Preset) -> pd.DataFrame:
    """One row per area-year: the index, how many indicators and domains it rests on, flag and rank."""
    counts = comp.groupby(["area_id", "year"], sort=True).agg(n_used=("used", "sum")).reset_index()
    order = {iid: n for n, iid in enumerate(preset.indicator_ids)}
    in_order = used.assign(_order=used["indicator_id"].map(order)).sort_values(["area_id", "year", "_order"], kind="mergesort")
    names = in_order.groupby(["area_id", "year"], sort=True)["indicator_id"].agg(",".join).rename("indicators_used")
    counts = counts.merge(names.reset_index(), on=["area_id", "year"], how="left")
    counts["indicators_used"] = counts["indicators_used"].fillna("")
    total = counts.merge(total_core, on=["area_id", "year"], how="left")
    total["n_used"] = total["n_used"].astype("int64")
    total["n_domains"] = total["n_domains"].fillna(0).astype("int64")
    total["n_items"] = len(preset.items)
    total["flagged"] = total["n_used"] < preset.min_indicators
    total["is_reference"] = total["area_id"] == preset.reference_area_id
    total["index"] = total["index"].astype(float)
    total["rank"] = ranks(total)
    return total[TOTAL_COLUMNS].sort_values(["year", "area_id"], kind="mergesort").reset_index(drop=True)


def ranks(total: pd.DataFrame) -> pd.Series:
    """Rank within each year, 1 = highest index (most risk), among the non-reference areas with an
    index. Ties share the better rank. Flagged areas are ranked too; the flag travels with them."""
    rankable = total["index"].notna() & ~total["is_reference"]
    out = pd.Series(np.nan, index=total.index)
    out[rankable] = total[rankable].groupby("year")["index"].rank(method="min", ascending=False)
    return out.astype("Float64").round().astype("Int64")


# -------------------------------------------------------------------------------------- sensitivity

SENSITIVITY_COLUMNS = ["scenario", "changed", "area_id", "year", "index_before", "index_after", "rank_before",
                       "rank_after", "rank_change", "flagged_before", "flagged_after"]


def _compare(base: IndexResult, other: IndexResult, scenario: str, changed: str) -> pd.DataFrame:
    cols = ["area_id", "year", "index", "rank", "flagged"]
    b = base.total.loc[~base.total["is_reference"], cols]
    a = other.total.loc[~other.total["is_reference"], cols]
    both = b.merge(a, on=["area_id", "year"], how="outer", suffixes=("_before", "_after"))
    both["scenario"], both["changed"] = scenario, changed
    # positive = the area moves up towards rank 1 (more risk relative to the others)
    both["rank_change"] = (both["rank_before"] - both["rank_after"]).astype("Int64")
    both["flagged_before"] = both["flagged_before"].astype("boolean")
    both["flagged_after"] = both["flagged_after"].astype("boolean")
    return both[SENSITIVITY_COLUMNS]


def leave_one_out(inputs_frame: pd.DataFrame, preset: Preset, base: IndexResult | None = None) -> pd.DataFrame:
    """For each indicator: the index and rank of every area with that indicator left out."""
    base = base or compute(inputs_frame, preset)
    parts = []
    if len(preset.items) < 2:
        return pd.DataFrame(columns=SENSITIVITY_COLUMNS)
    for item in preset.items:
        parts.append(_compare(base, compute(inputs_frame, preset.without(item.indicator_id)), "leave_out", item.indicator_id))
    return pd.concat(parts, ignore_index=True)


def reweighted(inputs_frame: pd.DataFrame, preset: Preset, item_weights: dict | None = None,
               domain_weights: dict | None = None, base: IndexResult | None = None) -> pd.DataFrame:
    """The index and rank of every area with some weights changed."""
    base = base or compute(inputs_frame, preset)
    changed = ",".join([f"{k}={v:g}" for k, v in sorted((item_weights or {}).items())]
                       + [f"{k}={v:g}" for k, v in sorted((domain_weights or {}).items())])
    return _compare(base, compute(inputs_frame, preset.with_weights(item_weights, domain_weights)), "weights", changed)


def sensitivity(inputs_frame: pd.DataFrame, preset: Preset, item_weights: dict | None = None,
                domain_weights: dict | None = None) -> pd.DataFrame:
    """Leave-one-out for every indicator, plus the weight change when one is given."""
    base = compute(inputs_frame, preset)
    parts = [leave_one_out(inputs_frame, preset, base)]
    if item_weights or domain_weights:
        parts.append(reweighted(inputs_frame, preset, item_weights, domain_weights, base))
    parts = [p for p in parts if not p.empty]
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=SENSITIVITY_COLUMNS)


def sensitivity_summary(changes: pd.DataFrame) -> pd.DataFrame:
    """Per scenario and year: areas compared, areas whose rank moved, the largest move."""
    if changes.empty:
        return pd.DataFrame(columns=["scenario", "changed", "year", "n_areas", "n_moved", "max_move"])
    work = changes.dropna(subset=["rank_before", "rank_after"]).copy()
    work["move"] = work["rank_change"].abs()
    out = (work.groupby(["scenario", "changed", "year"], sort=False)
           .agg(n_areas=("area_id", "size"), n_moved=("move", lambda s: int((s > 0).sum())), max_move=("move", "max"))
           .reset_index())
    return out


# ------------------------------------------------------------------------------------------ helpers


def usable_years(result: IndexResult) -> list[int]:
    """Years in which at least one non-reference area has an index."""
    t = result.total
    return sorted(int(y) for y in t.loc[t["index"].notna() & ~t["is_reference"], "year"].unique())


def complete_years(result: IndexResult) -> list[int]:
    """Years in which at least one non-reference area has an unflagged index."""
    t = result.total
    return sorted(int(y) for y in t.loc[t["index"].notna() & ~t["is_reference"] & ~t["flagged"], "year"].unique())


def default_year(result: IndexResult) -> int | None:
    """The latest year with an unflagged index, else the latest with any."""
    years = complete_years(result) or usable_years(result)
    return years[-1] if years else None


def segments(total: pd.DataFrame) -> pd.Series:
    """A line-segment id per row of an area's series: a new segment starts where a year is missing or
    the set of indicators changes, so a chart never joins values built from different inputs or
    bridges a gap."""
    ordered = total.sort_values(["area_id", "year"])
    seg = {}
    for area_id, part in ordered.groupby("area_id", sort=False):
        n, prev_year, prev_set = 0, None, None
        for idx, row in part.iterrows():
            if prev_year is None or row["year"] != prev_year + 1 or row["indicators_used"] != prev_set:
                n += 1
            seg[idx] = f"{area_id}#{n}"
            prev_year, prev_set = row["year"], row["indicators_used"]
    return pd.Series(seg).reindex(total.index)

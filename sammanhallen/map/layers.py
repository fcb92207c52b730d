"""One measure's values on a map geography (plain Python; never imports streamlit).

* :func:`join_values` puts one measure's values onto a geography's features by ``area_id`` (cheap; done
  on every rerun; the geometry comes cached from ``map_geographies.load_geography``).
* :func:`funds_per_inhabitant` applies the per-inhabitant rule to stimulus payments.
* :func:`rank_of` and :func:`csv_bytes` serve the district panel and the download.

Class breaks and colours are in ``map_classes``; the opening view in ``map_simplify.fit_view``.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from sammanhallen.formatting import is_missing
from sammanhallen.i18n import t
from sammanhallen.map.geographies import GeoLayer
from sammanhallen.per_capita import kronor_per_inhabitant, weak_population


@dataclass
class JoinResult:
    features: list[dict]
    areas: pd.DataFrame           # layer areas with the value columns merged on
    unmatched: list[str]          # area_ids with a value but no feature/point on this map
    missing: list[str]            # area_ids on the map without a value


def join_values(layer: GeoLayer, values: pd.DataFrame) -> JoinResult:
    """Merge values (one row per area_id) onto the layer's areas and polygon features by area_id.

    Geometry is not touched: each feature is a new dict sharing the cached geometry object. The
    work is done on plain lists (one pass), because pandas' per-operation overhead, not the data,
    dominated the rerun of a map page whose year or measure changed."""
    if values is None:
        values = pd.DataFrame(columns=["area_id", "value"])
    keep = [c for c in values.columns if c not in ("area_id", "name", "lat", "lon", "level", "parent_id")]
    if "value" not in keep:
        keep.append("value")
    numeric = {c for c in keep if c not in values.columns or pd.api.types.is_numeric_dtype(values[c])}
    listed = {c: values[c].tolist() for c in values.columns}
    by_id: dict[str, dict] = {}
    for i, area_id in enumerate(listed["area_id"]):
        if area_id not in by_id:  # one row per area: the first wins
            by_id[area_id] = {c: _clean(listed[c][i]) if c in listed else None for c in keep}
    area_ids = layer.areas["area_id"].tolist()
    known = set(area_ids)
    unmatched = sorted(a for a, row in by_id.items() if row["value"] is not None and a not in known)
    missing = sorted(a for a in area_ids if by_id.get(a, {}).get("value") is None)
    empty: dict = {}
    joined_columns = {
        c: [(by_id.get(a, empty).get(c) if by_id.get(a, empty).get(c) is not None else math.nan) for a in area_ids]
        if c in numeric else [by_id.get(a, empty).get(c) for a in area_ids]
        for c in keep
    }
    base = layer.areas.drop(columns=[c for c in keep if c in layer.areas.columns])
    areas = pd.concat([base, pd.DataFrame(joined_columns, index=base.index)], axis=1)
    feats = []
    for f in layer.features:
        props = dict(f["properties"])
        props.update(by_id.get(props.get("area_id"), empty))
        feats.append({"type": "Feature", "properties": props, "geometry": f["geometry"]})
    return JoinResult(feats, areas, unmatched, missing)


def _clean(v):
    if v is None or v is pd.NA or v is pd.NaT:
        return None
    if isinstance(v, float) and math.isnan(v):
        return None
    if isinstance(v, (np.integer,)):
        return int(v)
    if isinstance(v, (np.floating,)):
        return None if np.isnan(v) else float(v)
    if isinstance(v, pd.Timestamp):
        return v.isoformat()
    return v


# ------------------------------------------------------------------------------------------ funds


def funds_per_inhabitant(funds: pd.DataFrame, lang: str = "sv") -> pd.DataFrame:
    """Funds per inhabitant only where a usable population of the same area and the same year exists
    (the rule of sammanhallen/per_capita.py: no quotient from a low-confidence figure).

    ``funds`` has area_id, year, amount_sek, population (NaN when missing), population_confidence and
    population_source. Returns the rows with ``value`` (kr per inhabitant) or NaN and ``gap`` stating
    why it is missing."""
    out = funds.copy()
    population = out["population"] if "population" in out else pd.Series(np.nan, index=out.index)
    confidence = out["population_confidence"] if "population_confidence" in out else pd.Series(None, index=out.index)
    out["value"] = kronor_per_inhabitant(out["amount_sek"], population, confidence)
    ok = out["value"].notna()
    weak = weak_population(population, confidence)
    missing = t("folkmängd saknas för samma område och år ({year})", "no population for the same area and year ({year})", lang)
    low = t("folkmängden för samma område och år ({year}) har låg tillförlitlighet och ger ingen kvot",
            "the population for the same area and year ({year}) has low confidence and gives no ratio", lang)
    out["gap"] = [("" if good else (low if is_weak else missing).format(year=int(y) if not is_missing(y) else "?"))
                  for good, is_weak, y in zip(ok, weak, out["year"])]
    if "population_confidence" in out:
        # A per-inhabitant value is only as certain as its population figure (medium stays medium).
        rank = {"low": 0, "medium": 1, "high": 2}
        out["confidence"] = [
            min((c, pc), key=lambda level: rank.get(level, 2)) if good and isinstance(pc, str) else c
            for c, pc, good in zip(out.get("confidence", ["high"] * len(out)), out["population_confidence"], ok)
        ]
    return out


# ---------------------------------------------------------------------------- district panel, download


def rank_of(values: pd.DataFrame, area_id: str) -> tuple[int, int] | None:
    """(rank, n) of area_id among the areas with a value, 1 = highest value; ties share the best rank."""
    v = values.dropna(subset=["value"])
    if area_id not in set(v["area_id"]):
        return None
    ranks = v["value"].rank(method="min", ascending=False)
    return int(ranks[v["area_id"] == area_id].iloc[0]), len(v)


def csv_bytes(table: pd.DataFrame, lang: str = "sv") -> bytes:
    """The table as CSV in UTF-8 with BOM (Excel opens å/ä/ö right); Swedish: ';' and decimal comma."""
    text = table.to_csv(index=False, sep=t(";", ",", lang), decimal=t(",", ".", lang))
    return ("\ufeff" + text).encode("utf-8")

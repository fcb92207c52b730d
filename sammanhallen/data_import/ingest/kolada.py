"""Kolada API responses (v2 and v3, saved as JSON) into long rows.

Shape (field names as in the public API and the koladapy/rKolada clients)::

    {"count": 2, "values": [
        {"kpi": "N00945", "municipality": "0180", "period": 2015,
         "values": [{"gender": "T", "count": 1, "status": "", "value": 12.3},
                    {"gender": "K", ...}, {"gender": "M", ...}]}],
     "next_page": ...}            # v3: "next_url", and "isdeleted" per value

Only the total (gender "T") is read; K/M values are counted in ``meta["skipped"]``, not reported as
problems. A null value is a gap (counted in ``meta["gaps"]`` by its status). ``ou`` (organisational
unit) responses are read with the unit id as the area code. Kolada carries no KPI titles in data
responses, so ``indicator_label`` is empty and the importer names the indicator. Row numbers are the
1-based position in ``values``.
"""
from __future__ import annotations

import pandas as pd

from sammanhallen.data_import.ingest import numbers as num
from sammanhallen.data_import.ingest.problems import ImportFileError, Problem


def _entries(obj):
    if isinstance(obj, dict) and isinstance(obj.get("values"), list):
        return obj["values"]
    if isinstance(obj, list):
        return obj
    return None


def is_kolada(obj) -> bool:
    entries = _entries(obj)
    if not entries:
        return isinstance(obj, dict) and isinstance(obj.get("values"), list) and "count" in obj
    first = entries[0]
    return isinstance(first, dict) and "kpi" in first and "period" in first and \
        ("municipality" in first or "ou" in first) and isinstance(first.get("values"), list)


def _response_meta(obj, n_entries: int) -> dict:
    """What the response says about itself: more pages to come, a count that differs."""
    meta: dict = {"format": "kolada", "layout": "long", "encoding": "utf-8", "source": "Kolada (RKA)"}
    if isinstance(obj, dict):
        for k in ("next_page", "next_url"):
            if obj.get(k):
                meta["next_page"] = str(obj[k])
                meta.setdefault("warnings", []).append((
                    "Svaret från Kolada fortsätter på fler sidor; bara den här sidan finns i filen",
                    "The Kolada response continues on more pages; only this page is in the file"))
        if isinstance(obj.get("count"), int) and obj["count"] != n_entries:
            meta["declared_count"] = obj["count"]
    return meta


def _totals(values: list, skipped: dict[str, int]) -> list[dict]:
    """An entry's values for both genders (gender T), not deleted; the others are counted in `skipped`."""
    totals = []
    for v in values:
        if not isinstance(v, dict):
            continue
        g = str(v.get("gender", "T"))
        if v.get("isdeleted") is True:
            skipped["deleted"] = skipped.get("deleted", 0) + 1
            continue
        if g != "T":
            skipped[f"gender_{g}"] = skipped.get(f"gender_{g}", 0) + 1
            continue
        totals.append(v)
    return totals


def parse_kolada(obj, *, file_name: str) -> tuple[pd.DataFrame, list[Problem], dict]:
    entries = _entries(obj) or []
    if not entries:
        raise ImportFileError(f"{file_name}: Kolada-svaret innehåller inga värden",
                              f"{file_name}: the Kolada response contains no values")
    meta = _response_meta(obj, len(entries))
    problems: list[Problem] = []
    skipped: dict[str, int] = {}
    gaps: dict[str, int] = {}
    recs = []
    for i, e in enumerate(entries, start=1):
        if not isinstance(e, dict):
            problems.append(Problem(i, "values", "Posten är inte ett objekt", "The entry is not an object", raw=str(e)[:80]))
            continue
        kpi = e.get("kpi")
        area = e.get("municipality", e.get("ou"))
        period = e.get("period")
        if not kpi:
            problems.append(Problem(i, "kpi", "Posten saknar nyckeltal (kpi)", "The entry has no KPI (kpi)"))
            continue
        if area in (None, ""):
            problems.append(Problem(i, "municipality", "Posten saknar kommun", "The entry has no municipality"))
            continue
        yp = num.parse_years(pd.Series([period], dtype=object))
        values = e.get("values") if isinstance(e.get("values"), list) else []
        totals = _totals(values, skipped)
        if not totals:
            if values:
                skipped["no_total"] = skipped.get("no_total", 0) + 1
            continue
        v = totals[0]
        value = v.get("value")
        if value is None:
            key = str(v.get("status") or "null")
            gaps[key] = gaps.get(key, 0) + 1
            continue
        if yp.kind[0] != num.YEAR_OK:
            sv, en = num.year_problem_text(int(yp.kind[0]), str(period), yp.what_sv[0], yp.what_en[0])
            problems.append(Problem(i, "period", sv, en, raw=str(period)))
            continue
        parsed = num.parse_numbers(pd.Series([value], dtype=object))
        if parsed.kind[0] == num.MISSING:
            gaps[str(value)] = gaps.get(str(value), 0) + 1
            continue
        if parsed.kind[0] != num.OK:
            sv, en = num.number_problem_text(int(parsed.kind[0]), str(value))
            problems.append(Problem(i, "value", sv, en, raw=str(value)))
            continue
        if len(totals) > 1:
            problems.append(Problem(i, "value", "Posten har flera totalvärden (gender T); ingen av dem importeras",
                                    "The entry has several total values (gender T); none is imported"))
            continue
        recs.append((i, "value", str(area), None, str(kpi), None, int(yp.year[0]), float(parsed.value[0])))
    rows = pd.DataFrame(recs, columns=["row_number", "column", "area_code", "area_name", "indicator_key",
                                       "indicator_label", "year", "value"])
    if skipped:
        meta["skipped"] = skipped
    if gaps:
        meta["gaps"] = gaps
    meta["indicator_labels"] = {k: None for k in dict.fromkeys(rows["indicator_key"])}
    return rows, problems, meta

"""SCB PxWeb JSON-stat (version 2, and the 1.x bundle of the old API) into long rows.

Why not pyjstat: pyjstat 2.4.0 decodes the category grid well, but it ignores the ``status`` member
entirely (a ".." next to a value would be lost), ``Dataset.read`` fetches a URL when given a string
that starts with "http" (a file's text must never make the app go online), a plain ``dict`` is not
accepted, an empty value list raises IndexError, and the grid is built row by row in Python. The
decoding below is the spec's row-major order with ``numpy.unravel_index``; the tests check it against
pyjstat on the real SCB files in ``tests/fixtures/import/real``.

Rows: one per non-null value. Region = the ``geo`` role or the dimension called Region/region;
time = the ``time`` role or Tid/tid/År; the indicator key is the ``metric`` (ContentsCode)
category id, followed by ``|Dim=category`` for every other dimension unless that category is the
dimension's elimination (total) value -- so "men aged 0" and "everyone" never share a key.
Statuses: a value whose status is a gap marker ("..", "-", ...) is a gap even if a number is given;
other statuses (p = preliminary, ...) keep the value and are listed in ``meta["value_status"]``.
PxWeb periods that are not whole years (2015M01, 2015K1) are rejected per value.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from sammanhallen.codes import match_key
from sammanhallen.data_import.ingest import numbers as num
from sammanhallen.data_import.ingest.problems import ImportFileError, Problem

GEO_NAMES = {"region", "kommun", "omrade", "lan", "geo", "area", "municipality", "stadsdel", "deso", "regso"}
TIME_NAMES = {"tid", "ar", "year", "time", "period", "manad", "kvartal"}
MISSING_STATUS = {"..", "...", ".", "-", "–", "—", "…", "x"}
MAX_CELLS = 5_000_000


def is_jsonstat(obj) -> bool:
    if not isinstance(obj, dict):
        return False
    if obj.get("class") == "dataset" or {"id", "size", "dimension", "value"} <= set(obj):
        return True
    ds = obj.get("dataset")
    return isinstance(ds, dict) and ("dimension" in ds or any(isinstance(v, dict) and "dimension" in v
                                                                for v in ds.values()))


def _normalise(obj: dict, file_name: str) -> tuple[dict, list, list, dict, dict, str]:
    """(dataset, ids, sizes, role, dimensions, version)."""
    if obj.get("class") == "dataset" or "id" in obj:
        ds = obj
        return ds, list(ds.get("id") or []), list(ds.get("size") or []), ds.get("role") or {}, \
            ds.get("dimension") or {}, str(ds.get("version", "2.0"))
    ds = obj["dataset"]
    if "dimension" not in ds:  # bundle keyed by dataset name
        ds = next(v for v in ds.values() if isinstance(v, dict) and "dimension" in v)
    dims = ds["dimension"]
    return ds, list(dims.get("id") or []), list(dims.get("size") or []), dims.get("role") or {}, dims, "1.x"


def _categories(dim: dict, size: int, dim_id: str, file_name: str) -> tuple[list[str], list[str]]:
    cat = dim.get("category") or {}
    index = cat.get("index")
    labels = cat.get("label") or {}
    if isinstance(index, list):
        ids = [str(i) for i in index]
    elif isinstance(index, dict):
        ids = [str(k) for k, _ in sorted(index.items(), key=lambda kv: kv[1])]
    elif labels:
        ids = [str(k) for k in labels]
    else:
        ids = []
    if len(ids) != size:
        raise ImportFileError(
            f"{file_name}: dimensionen '{dim_id}' har {len(ids)} kategorier men storleken {size}; filen är trasig",
            f"{file_name}: the dimension '{dim_id}' has {len(ids)} categories but size {size}; the file is broken")
    return ids, [str(labels.get(i, i)) for i in ids]


def _find(ids: list[str], dims: dict, role: dict, role_name: str, names: set[str]) -> str | None:
    for d in role.get(role_name) or []:
        if d in ids:
            return d
    for d in ids:
        if match_key(d) in names or match_key(str((dims.get(d) or {}).get("label", ""))) in names:
            return d
    return None


def parse_jsonstat(obj: dict, *, file_name: str, file_stem: str) -> tuple[pd.DataFrame, list[Problem], dict]:
    ds, ids, sizes, role, dims, version = _checked_dataset(obj, file_name)
    total = int(np.prod(sizes)) if sizes else 0
    cats = {d: _categories(dims[d], s, d, file_name) for d, s in zip(ids, sizes)}
    meta = _dataset_meta(ds, version)
    geo, time, metric = _dimension_roles(ids, dims, role, file_name)
    flat, raw = _flat_values(ds.get("value"), total, file_name)
    status = _statuses(ds.get("status"), flat, total)

    parsed = num.parse_numbers(raw)
    kind = parsed.kind.copy()
    gap = (kind == num.MISSING) | np.array([s in MISSING_STATUS for s in status], dtype=bool)
    _status_meta(status, gap, flat, meta)

    coords = np.unravel_index(flat, sizes) if len(flat) else [np.array([], dtype=int) for _ in sizes]
    coord = dict(zip(ids, coords))
    geo_ids, geo_labels = (np.array(x, dtype=object) for x in cats[geo])
    area_code = geo_ids[coord[geo]]
    labels_clean = np.array([lbl[len(c):].strip() if lbl.startswith(c + " ") else lbl
                             for c, lbl in zip(geo_ids, geo_labels)], dtype=object)
    area_name = labels_clean[coord[geo]]
    t_ids = cats[time][0]
    yp = num.parse_years(pd.Series(t_ids, dtype=object))
    key, label = _indicator_keys(ds, ids, dims, cats, coord, (geo, time, metric), len(flat), file_stem, meta)

    problems: list[Problem] = []
    row_number = flat + 1
    present = ~gap
    ykind = yp.kind[coord[time]]
    bad_time = present & (ykind != num.YEAR_OK)
    for i in np.flatnonzero(bad_time):
        t = t_ids[coord[time][i]]
        sv, en = num.year_problem_text(int(ykind[i]), t, yp.what_sv[coord[time][i]], yp.what_en[coord[time][i]])
        problems.append(Problem(int(row_number[i]), time, sv, en, raw=t))
    bad_value = present & ~bad_time & (kind != num.OK)
    for i in np.flatnonzero(bad_value):
        sv, en = num.number_problem_text(int(kind[i]), str(raw.iloc[i]))
        problems.append(Problem(int(row_number[i]), "value", sv, en, raw=str(raw.iloc[i])))

    good = present & ~bad_time & (kind == num.OK)
    rows = pd.DataFrame({
        "row_number": row_number[good], "column": "value",
        "area_code": area_code[good], "area_name": area_name[good],
        "indicator_key": key[good], "indicator_label": label[good],
        "year": yp.year[coord[time]][good], "value": parsed.value[good],
    })
    labels_map = rows.drop_duplicates("indicator_key")
    meta["indicator_labels"] = dict(zip(labels_map["indicator_key"], labels_map["indicator_label"]))
    meta["dimensions"] = {"region": geo, "time": time, "metric": metric}
    return rows, problems, meta


def _checked_dataset(obj: dict, file_name: str) -> tuple[dict, list, list[int], dict, dict, str]:
    """The dataset's parts as `_normalise` gives them, refused when they disagree or are too big."""
    try:
        ds, ids, sizes, role, dims, version = _normalise(obj, file_name)
    except (KeyError, StopIteration, TypeError, AttributeError) as exc:
        raise ImportFileError(f"{file_name} ser ut som JSON-stat men saknar delar ({exc})",
                              f"{file_name} looks like JSON-stat but is missing parts ({exc})") from exc
    if not ids or len(ids) != len(sizes) or any(d not in dims for d in ids):
        raise ImportFileError(f"{file_name}: JSON-stat-filens dimensioner (id/size/dimension) stämmer inte överens",
                              f"{file_name}: the JSON-stat file's dimensions (id/size/dimension) do not agree")
    sizes = [int(s) for s in sizes]
    total = int(np.prod(sizes)) if sizes else 0
    if total > MAX_CELLS:
        raise ImportFileError(f"{file_name} har {total} celler; högst {MAX_CELLS} tas emot",
                              f"{file_name} has {total} cells; at most {MAX_CELLS} are accepted")
    return ds, ids, sizes, role, dims, version


def _dataset_meta(ds: dict, version: str) -> dict:
    """Title, source, update date, URL, table id and notes as the file states them."""
    meta: dict = {"format": "pxweb-jsonstat2", "jsonstat_version": version, "layout": "long", "encoding": "utf-8"}
    px = _px_extension(ds)
    for k_meta, k_ds in (("title", "label"), ("source", "source"), ("updated", "updated"), ("url", "href")):
        if ds.get(k_ds):
            meta[k_meta] = str(ds[k_ds])
    if isinstance(px, dict) and px.get("tableid"):
        meta["table_id"] = str(px["tableid"])
    if ds.get("note"):
        meta["notes"] = [str(n) for n in (ds["note"] if isinstance(ds["note"], list) else [ds["note"]])]
    return meta


def _px_extension(ds: dict):
    ext = ds.get("extension") or {}
    return ext.get("px") if isinstance(ext, dict) else None


def _dimension_roles(ids: list, dims: dict, role: dict, file_name: str) -> tuple[str, str, str | None]:
    """(region, time, metric) dimension ids; a table without region or time is refused."""
    geo = _find(ids, dims, role, "geo", GEO_NAMES)
    time = _find(ids, dims, role, "time", TIME_NAMES)
    metric = next((d for d in (role.get("metric") or []) if d in ids), None) or \
        next((d for d in ids if d.lower() == "contentscode"), None)
    if geo is None:
        raise ImportFileError(
            f"{file_name}: tabellen har ingen regiondimension (dimensionerna är {', '.join(ids)}), så värdena kan "
            f"inte knytas till områden. Välj Region i tabellen innan du laddar ner",
            f"{file_name}: the table has no region dimension (the dimensions are {', '.join(ids)}), so the values "
            f"cannot be tied to areas. Select Region in the table before downloading")
    if time is None:
        raise ImportFileError(
            f"{file_name}: tabellen har ingen tidsdimension (dimensionerna är {', '.join(ids)})",
            f"{file_name}: the table has no time dimension (the dimensions are {', '.join(ids)})")
    return geo, time, metric


def _flat_values(values, total: int, file_name: str) -> tuple[np.ndarray, pd.Series]:
    """(flat index of every value given, the raw values) from a dense list or a sparse dict."""
    if isinstance(values, list):
        if len(values) != total:
            raise ImportFileError(f"{file_name}: {len(values)} värden men {total} celler; filen är trasig",
                                  f"{file_name}: {len(values)} values but {total} cells; the file is broken")
        return np.arange(total), pd.Series(values, dtype=object)
    if isinstance(values, dict):
        try:
            flat = np.array([int(k) for k in values], dtype=np.int64)
        except ValueError as exc:
            raise ImportFileError(f"{file_name}: värdenas index är inte heltal",
                                  f"{file_name}: the value indexes are not integers") from exc
        if len(flat) and (flat.min() < 0 or flat.max() >= total):
            raise ImportFileError(f"{file_name}: ett värdeindex ligger utanför tabellen",
                                  f"{file_name}: a value index lies outside the table")
        return flat, pd.Series(list(values.values()), dtype=object)
    raise ImportFileError(f"{file_name}: JSON-stat-filen saknar värden", f"{file_name}: the JSON-stat file has no values")


def _statuses(st, flat: np.ndarray, total: int) -> np.ndarray:
    """Every given value's status (None when there is none): one for all, a list or a sparse dict."""
    status = np.full(len(flat), None, dtype=object)
    if isinstance(st, str):
        status[:] = st
    elif isinstance(st, list) and len(st) == total:
        status = np.asarray(st, dtype=object)[flat]
    elif isinstance(st, list) and len(st) == 1:
        status[:] = st[0]
    elif isinstance(st, dict):
        pos = {int(f): i for i, f in enumerate(flat)}
        for k, v in st.items():
            i = pos.get(int(k))
            if i is not None:
                status[i] = v
    return status


def _status_meta(status: np.ndarray, gap: np.ndarray, flat: np.ndarray, meta: dict) -> None:
    """Gaps counted by their marker, and the statuses of values that are kept (p = preliminary, ...)."""
    if gap.any():
        counts = pd.Series([s if s else "null" for s in status[gap]]).value_counts()
        meta["gaps"] = {str(k): int(v) for k, v in counts.items()}
    flagged = (~gap) & np.array([bool(s) for s in status], dtype=bool)
    if flagged.any():
        meta["value_status"] = {int(f) + 1: str(s) for f, s in zip(flat[flagged], status[flagged])}


def _indicator_keys(ds: dict, ids: list, dims: dict, cats: dict, coord: dict, roles: tuple, n: int,
                    file_stem: str, meta: dict) -> tuple[np.ndarray, np.ndarray]:
    """Every value's indicator key and label: the metric category, then ``|Dim=category`` for every
    other dimension whose category is not its single elimination (total) value."""
    geo, time, metric = roles
    key = np.full(n, "", dtype=object)
    label = np.full(n, "", dtype=object)
    if metric is not None:
        m_ids, m_labels = (np.array(x, dtype=object) for x in cats[metric])
        key = m_ids[coord[metric]].astype(object)
        label = m_labels[coord[metric]].astype(object)
        units = ((dims[metric].get("category") or {}).get("unit")) or {}
        if units:
            meta["units"] = {str(k): (v.get("base") or v.get("label")) if isinstance(v, dict) else str(v)
                             for k, v in units.items()}
    else:
        px = _px_extension(ds)
        base = (px or {}).get("contents") if isinstance(px, dict) else None
        base = str(base or ds.get("label") or file_stem)
        key[:] = base
        label[:] = base
    for d in ids:
        if d in (geo, time, metric):
            continue
        elim = ((dims[d].get("extension") or {}).get("eliminationValueCode")
                if isinstance(dims[d].get("extension"), dict) else None)
        c_ids, c_labels = (np.array(x, dtype=object) for x in cats[d])
        if len(c_ids) == 1 and elim is not None and c_ids[0] == elim:
            continue
        key = key + ("|" + d + "=") + c_ids[coord[d]]
        label = label + ", " + c_labels[coord[d]]
    return key, label

"""Import of user boundary files and matching of their features to known areas (no streamlit)."""
from __future__ import annotations

import os
import tempfile
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely

from sammanhallen.map.boundaries import DEFAULT_IMPORT_DIR, REPO_DIR, BoundaryError, fix_polygonal
from sammanhallen.codes import match_key, slugify

SUPPORTED_SUFFIXES = {".geojson": "GeoJSON", ".json": "GeoJSON", ".gpkg": "GeoPackage", ".zip": "zipped Shapefile"}
NAME_CANDIDATES = ["name", "namn", "NAME", "NAMN", "Name", "Namn", "omrade_namn", "kommun_namn", "regsonamn",
                   "stadsdel", "STADSDEL"]
# A zipped Shapefile may unpack to at most this much: a small upload must not fill the disk (zip bomb).
MAX_UNZIPPED_BYTES = 500_000_000


class ImportError_(BoundaryError):
    """A user file could not be imported; nothing stored was changed."""


@dataclass
class ImportReport:
    path: Path                     # where the imported GeoJSON was written
    n_features: int
    source_crs: str                # CRS of the input ("missing, assumed EPSG:4326" if none)
    repaired: list[str] = field(default_factory=list)   # features repaired with make_valid
    gdf: gpd.GeoDataFrame | None = None
    name_column: str = ""          # the column the names were read from (given or guessed)


def _feature_label(idx, name) -> str:
    return f"feature {idx} ({name!r})" if name is not None else f"feature {idx}"


def _read_any(path: Path) -> gpd.GeoDataFrame:
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise ImportError_(f"{path.name}: unsupported file type {suffix or '(none)'}; use GeoJSON (.geojson), "
                           f"GeoPackage (.gpkg) or a zipped Shapefile (.zip)")
    if suffix == ".zip":
        from sammanhallen.data_import.ingest import ImportFileError
        from sammanhallen.data_import.ingest.ziplimits import check_zip

        try:
            check_zip(path, max_total_bytes=MAX_UNZIPPED_BYTES, max_ratio=None, verify=True, label=path.name,
                      label_en=path.name)
        except ImportFileError as exc:
            raise ImportError_(exc.message_en) from exc
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            gdf = gpd.read_file(path)
    except Exception as exc:  # noqa: BLE001 - GDAL raises many types
        raise ImportError_(f"{path.name} is not a readable geographic file ({SUPPORTED_SUFFIXES[suffix]} expected): "
                           f"{str(exc).splitlines()[0] if str(exc) else type(exc).__name__}") from exc
    if not isinstance(gdf, gpd.GeoDataFrame) or gdf.geometry.name not in gdf.columns:
        raise ImportError_(f"{path.name} has no geometry column: it is not a geographic file")
    if len(gdf) == 0:
        raise ImportError_(f"{path.name} contains no features")
    if gdf.geometry.isna().all():
        raise ImportError_(f"{path.name} has no geometries at all: it is not a geographic file")
    return gdf


def _to_wgs84(gdf: gpd.GeoDataFrame, fname: str) -> tuple[gpd.GeoDataFrame, str]:
    if gdf.crs is None:
        minx, miny, maxx, maxy = gdf.total_bounds
        if -180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90:
            return gdf.set_crs(4326), "missing, assumed EPSG:4326 (coordinates are within lon/lat ranges)"
        raise ImportError_(
            f"{fname}: the CRS is missing and the coordinates (x {minx:.0f}..{maxx:.0f}, y {miny:.0f}..{maxy:.0f}) "
            f"are outside lon/lat ranges, so they cannot be placed. Re-export the file with its CRS "
            f"(e.g. SWEREF99 TM, EPSG:3006; for a Shapefile include the .prj)")
    src = gdf.crs.to_string()
    minx, miny, maxx, maxy = gdf.total_bounds
    if gdf.crs.is_geographic and not (-180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90):
        # GeoJSON without a "crs" member is read as lon/lat; projected numbers then fall out of range.
        raise ImportError_(
            f"{fname}: the CRS is missing or wrong: the file says {src} (lon/lat) but the coordinates "
            f"(x {minx:.0f}..{maxx:.0f}, y {miny:.0f}..{maxy:.0f}) are outside lon/lat ranges. Re-export the "
            f"file as lon/lat (EPSG:4326) or as GeoPackage/Shapefile with its real CRS (e.g. EPSG:3006)")
    try:
        return gdf.to_crs(4326), src
    except Exception as exc:  # noqa: BLE001
        raise ImportError_(f"{fname}: cannot reproject from {src} to EPSG:4326: {exc}") from exc


def _pick_column(gdf, column, kind: str, fname: str, candidates=None):
    cols = [c for c in gdf.columns if c != gdf.geometry.name]
    if column is not None:
        if column not in cols:
            raise ImportError_(f"{fname}: {kind} column {column!r} not found. Available columns: {cols}")
        return column
    for c in candidates or []:
        if c in cols:
            return c
    raise ImportError_(f"{fname}: no {kind} column given and none of {candidates} found. "
                       f"Pass {kind}_column=...; available columns: {cols}")


def import_boundaries(path, name_column: str | None = None, code_column: str | None = None,
                      target=DEFAULT_IMPORT_DIR) -> ImportReport:
    """Import a GeoJSON, GeoPackage or zipped Shapefile in any CRS into ``target`` as lon/lat GeoJSON.

    Checks: readable geographic file; CRS present (or coordinates plainly lon/lat); name column present
    (auto-detected among common names if not given); code column present if given; every geometry
    non-empty and polygonal -- invalid ones are repaired with shapely.make_valid, and a feature that
    cannot be repaired into a polygon is rejected naming its index and name. The output
    ``<target>/<slug of file name>.geojson`` is written to a temporary file and moved into place with
    os.replace, so on any error nothing already stored is lost or half-changed. A relative ``target``
    is taken relative to the repository root.
    """
    path = Path(path)
    if not path.is_file():
        raise ImportError_(f"{path}: no such file")
    fname = path.name
    gdf = _read_any(path)
    name_col = _pick_column(gdf, name_column, "name", fname, NAME_CANDIDATES)
    code_col = _pick_column(gdf, code_column, "code", fname) if code_column is not None else None
    gdf, source_crs = _to_wgs84(gdf, fname)

    names = gdf[name_col].astype("string")
    repaired, geoms = [], []
    for pos, (idx, geom) in enumerate(gdf.geometry.items()):
        nm = None if pd.isna(names.iloc[pos]) else str(names.iloc[pos])
        label = _feature_label(idx, nm)
        if geom is None or geom.is_empty:
            raise ImportError_(f"{fname}: {label} has an empty geometry")
        if geom.geom_type not in ("Polygon", "MultiPolygon", "GeometryCollection"):
            raise ImportError_(f"{fname}: {label} is a {geom.geom_type}, not a polygon")
        if not geom.is_valid or geom.geom_type == "GeometryCollection":
            reason = shapely.is_valid_reason(geom)
            fixed = fix_polygonal(geom)
            if fixed.is_empty or fixed.area == 0:
                raise ImportError_(f"{fname}: {label} has an invalid geometry ({reason}) that cannot be repaired "
                                   f"into a polygon")
            repaired.append(f"{label}: {reason}")
            geom = fixed
        geoms.append(geom)
        if nm is None or not nm.strip():
            raise ImportError_(f"{fname}: {label} has no value in name column {name_col!r}")

    out = gpd.GeoDataFrame({"name": names.astype(str).values}, geometry=geoms, crs=4326)
    if code_col is not None:
        out.insert(1, "code", gdf[code_col].astype("string").fillna("").astype(str).values)
    for c in gdf.columns:
        if c not in (gdf.geometry.name, name_col, code_col) and c not in out.columns:
            out[c] = gdf[c].values

    target = Path(target)
    if not target.is_absolute():
        target = REPO_DIR / target
    stem = slugify(path.stem) or "boundaries"
    final = target / f"{stem}.geojson"
    payload = out.to_json(drop_id=True, ensure_ascii=False)
    target.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{stem}.", suffix=".tmp", dir=target)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, final)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)
    return ImportReport(path=final, n_features=len(out), source_crs=source_crs, repaired=repaired, gdf=out,
                        name_column=name_col)


# -------------------------------------------------------------------------------------------- matching


@dataclass
class MatchResult:
    matched: gpd.GeoDataFrame             # features + area_id, area_name, match_method ("code" or "name")
    unmatched_features: gpd.GeoDataFrame  # features + reason
    unmatched_areas: pd.DataFrame         # areas no feature matched

    @property
    def complete(self) -> bool:
        return self.unmatched_features.empty and self.unmatched_areas.empty


def _code_key(v) -> str:
    if isinstance(v, float) and v.is_integer():
        v = int(v)  # a numeric column with missing values turns 180 into 180.0
    s = str(v).strip().lower()
    return (s.lstrip("0") or "0") if s.isdigit() else s


def match_features(gdf: gpd.GeoDataFrame, areas_df: pd.DataFrame, name_column: str,
                   code_column: str | None = None) -> MatchResult:
    """Match features to areas (``areas_df`` with ``area_id`` and ``name``; optional ``code``).

    By code first (compared with area_id, or areas_df["code"] if present; case, spaces and leading zeros
    ignored), then by name with :func:`sammanhallen.codes.match_key` (case, spacing, hyphens and
    diacritics ignored). Every feature ends up in ``matched`` or in ``unmatched_features`` with a reason
    (no match, ambiguous name, area already matched); nothing is dropped silently.
    """
    for col in ("area_id", "name"):
        if col not in areas_df.columns:
            raise BoundaryError(f"areas_df needs columns area_id and name; has {list(areas_df.columns)}")
    for col in [name_column] + ([code_column] if code_column else []):
        if col not in gdf.columns:
            raise BoundaryError(f"Column {col!r} not in features; available: {[c for c in gdf.columns]}")

    by_code: dict[str, list[int]] = {}
    code_src = areas_df["code"] if "code" in areas_df.columns else areas_df["area_id"]
    for i, c in enumerate(code_src):
        if pd.notna(c) and str(c).strip():
            by_code.setdefault(_code_key(c), []).append(i)
    if "code" in areas_df.columns:
        for i, c in enumerate(areas_df["area_id"]):
            by_code.setdefault(_code_key(c), []).append(i)
    by_name: dict[str, list[int]] = {}
    for i, n in enumerate(areas_df["name"]):
        by_name.setdefault(match_key(str(n)), []).append(i)

    taken: dict[int, object] = {}
    m_rows, m_area, m_method, u_rows, u_reason = [], [], [], [], []
    for pos, (idx, row) in enumerate(gdf.iterrows()):
        hit, method, reason = None, None, None
        if code_column and pd.notna(row[code_column]) and str(row[code_column]).strip():
            cands = sorted(set(by_code.get(_code_key(row[code_column]), [])))
            if len(cands) == 1:
                hit, method = cands[0], "code"
            elif len(cands) > 1:
                reason = f"code {row[code_column]!r} matches several areas"
        if hit is None and reason is None:
            nm = row[name_column]
            cands = by_name.get(match_key(str(nm)), []) if pd.notna(nm) else []
            if len(cands) == 1:
                hit, method = cands[0], "name"
            elif len(cands) > 1:
                reason = f"name {nm!r} matches several areas: {list(areas_df['area_id'].iloc[cands])}"
            else:
                reason = f"no area with code or name matching {nm!r}"
        if hit is not None and hit in taken:
            reason = f"area {areas_df['area_id'].iloc[hit]} already matched by feature {taken[hit]}"
            hit = None
        if hit is None:
            u_rows.append(pos)
            u_reason.append(reason)
        else:
            taken[hit] = idx
            m_rows.append(pos)
            m_area.append(hit)
            m_method.append(method)

    matched = gdf.iloc[m_rows].copy()
    matched["area_id"] = list(areas_df["area_id"].iloc[m_area])
    matched["area_name"] = list(areas_df["name"].iloc[m_area])
    matched["match_method"] = m_method
    unmatched = gdf.iloc[u_rows].copy()
    unmatched["reason"] = u_reason
    unmatched_areas = areas_df[~areas_df.index.isin(areas_df.index[list(taken)])].copy()
    return MatchResult(matched=matched, unmatched_features=unmatched, unmatched_areas=unmatched_areas)

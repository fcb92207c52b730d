"""Boundary polygons per geography level and vintage (plain Python; never imports streamlit).

Shipped (small, simplified for display) layers live in ``data/boundaries/``; large optional layers are
listed in ``data/boundaries/manifest.json`` and are found by :func:`load_layer` in the git-ignored cache
``data/cache/boundaries/`` or in the folder named by ``$BOUNDARIES_MIRROR``; :func:`download_layer`
fetches them from ``$BOUNDARIES_BASE_URL`` and verifies SHA-256. User files are imported with
:func:`import_boundaries` (see ``sammanhallen.data_import.boundary_files``).

All GeoDataFrames returned here are in EPSG:4326 (lon/lat).
"""
from __future__ import annotations

import hashlib
import json
import os
import tempfile
import urllib.error
import urllib.request
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely

from sammanhallen.codes import slugify
from sammanhallen.map.geometry import BoundaryError, fix_polygonal
# Still imported from here by modules outside the map package (risk_index/charts.py, bench/); they can
# import from sammanhallen.map.geometry and these two names then go.

REPO_DIR = Path(__file__).resolve().parents[2]
DATA_DIR = REPO_DIR / "data" / "boundaries"
DEFAULT_CACHE_DIR = REPO_DIR / "data" / "cache" / "boundaries"
DEFAULT_IMPORT_DIR = REPO_DIR / "data" / "imported"
MANIFEST = DATA_DIR / "manifest.json"

VINTAGES = ("2007-2019", "2020-")
_VINTAGE_COLUMN = {"2007-2019": "sdn_2007_2019", "2020-": "sdo_2020"}

STOCKHOLM_SOURCE_URL = "https://github.com/KTHHealthData/stockholm-stadsdelar"
GBG_SOURCE_URL = "https://github.com/globalfunlearning/gothenburg_maps"

# (area_id, name, primärområde codes) -- checked against shared/geodata/SOURCES.md section 3.
GOTEBORG_URBAN15 = [
    ("u15-bergsjon", "Bergsjön", ["305", "306"]),
    ("u15-gardsten", "Gårdsten", ["603"]),
    ("u15-hjallbo", "Hjällbo", ["612"]),
    ("u15-norra-biskopsgarden", "Norra Biskopsgården", ["701"]),
]
STOCKHOLM_URBAN15 = [("u15-rinkeby", "Rinkeby", "RINKEBY"), ("u15-tensta", "Tensta", "TENSTA")]

# All 15 Urban15 districts: (area_id, name, municipality_id)
URBAN15 = [
    ("u15-rinkeby", "Rinkeby", "0180"),
    ("u15-tensta", "Tensta", "0180"),
    ("u15-hovsjo", "Hovsjö", "0181"),
    ("u15-ronna", "Ronna", "0181"),
    ("u15-araby", "Araby", "0780"),
    ("u15-herrgarden", "Herrgården", "1280"),
    ("u15-sodra-sofielund", "Södra Sofielund", "1280"),
    ("u15-centrum-oster", "Centrum-Öster", "1282"),
    ("u15-gamlegarden", "Gamlegården", "1290"),
    ("u15-bergsjon", "Bergsjön", "1480"),
    ("u15-gardsten", "Gårdsten", "1480"),
    ("u15-hjallbo", "Hjällbo", "1480"),
    ("u15-norra-biskopsgarden", "Norra Biskopsgården", "1480"),
    ("u15-kronogarden", "Kronogården", "1488"),
    ("u15-hassleholmen", "Hässleholmen", "1490"),
]


class LayerUnavailable(BoundaryError):
    """An optional layer is neither cached nor mirrored. The message says where we looked and how to get it."""



# ------------------------------------------------------------------------------------- shipped layers


def _read_shipped(name: str) -> gpd.GeoDataFrame:
    path = DATA_DIR / name
    if not path.exists():
        raise BoundaryError(f"Shipped boundary file {path} is missing; re-create it with tools/make_boundaries.py")
    gdf = gpd.read_file(path)
    if gdf.crs is None:
        gdf = gdf.set_crs(4326)
    return gdf.to_crs(4326)


def stockholm_crosswalk() -> pd.DataFrame:
    """The shipped stadsdel -> stadsdelsnämnd (2007-2019) / stadsdelsområde (2020-) table."""
    return pd.read_csv(DATA_DIR / "stockholm_crosswalk.csv", dtype=str, keep_default_na=False)


def stockholm_stadsdelar(full: bool = False) -> gpd.GeoDataFrame:
    """Stockholm's 117 stadsdelar: area_id (``0180-sd-<slug>``), name (display name), geometry.

    ``full=True`` uses the unsimplified optional layer ``stockholm_stadsdelar_full`` (see load_layer).
    """
    raw = load_layer("stockholm_stadsdelar_full") if full else _read_shipped("stockholm_stadsdelar.geojson")
    cw = stockholm_crosswalk()
    display = dict(zip(cw["stadsdel"], cw["stadsdel_display"]))
    missing = sorted(set(raw["name"]) - set(display))
    if missing:
        raise BoundaryError(f"Stadsdelar without a crosswalk row: {missing}")
    names = raw["name"].map(display)
    out = gpd.GeoDataFrame(
        {"area_id": ["0180-sd-" + slugify(n) for n in names], "name": names.values},
        geometry=raw.geometry.values, crs=4326,
    )
    return out.sort_values("area_id").reset_index(drop=True)


def stockholm_boroughs(vintage: str, full: bool = False) -> gpd.GeoDataFrame:
    """Stockholm's boroughs as a dissolve of the 117 stadsdelar by the crosswalk.

    ``vintage="2007-2019"``: the 14 stadsdelsnämnder; ``vintage="2020-"``: the 13 stadsdelsområden
    (Hägersten-Liljeholmen + Älvsjö merged into Hägersten-Älvsjö on 2020-07-01).
    Columns: area_id (``0180-sdo-<slug>``), name, n_stadsdelar, geometry.
    """
    if vintage not in _VINTAGE_COLUMN:
        raise BoundaryError(f"Unknown vintage {vintage!r}; use one of {list(VINTAGES)}")
    sd = stockholm_stadsdelar(full=full)
    cw = stockholm_crosswalk()
    borough_of = dict(zip(cw["stadsdel_display"], cw[_VINTAGE_COLUMN[vintage]]))
    sd["borough"] = sd["name"].map(borough_of)
    if sd["borough"].isna().any() or (sd["borough"] == "").any():
        raise BoundaryError(f"No borough for: {sorted(sd.loc[sd['borough'].isna() | (sd['borough'] == ''), 'name'])}")
    metric = sd.to_crs(3006)
    rows = []
    for name, part in metric.groupby("borough", sort=True):
        geom = shapely.union_all(part.geometry.values)
        # Close sub-metre slivers left between neighbouring source polygons.
        geom = fix_polygonal(shapely.buffer(shapely.buffer(geom, 0.5), -0.5))
        rows.append({"area_id": "0180-sdo-" + slugify(name), "name": name, "n_stadsdelar": len(part), "geometry": geom})
    out = gpd.GeoDataFrame(rows, geometry="geometry", crs=3006).to_crs(4326)
    return out.reset_index(drop=True)


def municipalities(codes=None, full: bool = False) -> gpd.GeoDataFrame:
    """Kommuner (SCB 2025): area_id (4-char kommunkod), name, lan_id, geometry.

    ``codes``: optional iterable of kommunkoder; unknown codes raise BoundaryError.
    ``full=True`` uses the unsimplified optional layer ``sweden_kommuner_scb2025_full``.
    """
    raw = load_layer("sweden_kommuner_scb2025_full") if full else _read_shipped("sweden_kommuner.geojson")
    out = gpd.GeoDataFrame(
        {"area_id": raw["kommun_kod"].astype(str).str.zfill(4), "name": raw["kommun_namn"],
         "lan_id": raw["lan_kod"].astype(str).str.zfill(2)},
        geometry=raw.geometry.values, crs=4326,
    )
    if codes is not None:
        codes = [str(c).zfill(4) for c in ([codes] if isinstance(codes, str) else codes)]
        unknown = sorted(set(codes) - set(out["area_id"]))
        if unknown:
            raise BoundaryError(f"Unknown kommun codes: {unknown}")
        out = out[out["area_id"].isin(codes)]
    return out.sort_values("area_id").reset_index(drop=True)


def urban_district_polygons() -> gpd.GeoDataFrame:
    """Polygons for the six Urban15 districts that have one.

    Göteborg (from primärområden): Bergsjön = 305 + 306, Gårdsten = 603 Gårdstensberget, Hjällbo = 612,
    Norra Biskopsgården = 701. Stockholm: the stadsdelar Rinkeby and Tensta.
    Columns: area_id (``u15-<slug>``), name, municipality_id, source, geometry.
    """
    gbg = _read_shipped("goteborg_urban15.geojson")
    gbg = gbg.assign(source=GBG_SOURCE_URL + " (primärområden " + gbg["primaromraden"] + ")")
    sd = _read_shipped("stockholm_stadsdelar.geojson")
    sth = []
    for area_id, name, raw_name in STOCKHOLM_URBAN15:
        hit = sd[sd["name"] == raw_name]
        if len(hit) != 1:
            raise BoundaryError(f"Stadsdel {raw_name} not found exactly once in the shipped stadsdelar")
        sth.append({"area_id": area_id, "name": name, "municipality_id": "0180",
                    "source": STOCKHOLM_SOURCE_URL + f" (stadsdel {raw_name})", "geometry": hit.geometry.iloc[0]})
    cols = ["area_id", "name", "municipality_id", "source", "geometry"]
    out = pd.concat([gbg[cols], gpd.GeoDataFrame(sth, geometry="geometry", crs=4326)[cols]], ignore_index=True)
    return gpd.GeoDataFrame(out, geometry="geometry", crs=4326)


def urban_district_centres() -> pd.DataFrame:
    """One point per Urban15 district: area_id, name, municipality_id, lat, lon, method, source_url.

    Districts with a polygon get its representative point (method ``polygon_representative_point``);
    the others get coordinates documented in a public source (``data/boundaries/district_centres.csv``).
    Districts for which no source was found are left out and listed in ``df.attrs["missing"]``.
    """
    poly = urban_district_polygons()
    pts = poly.geometry.representative_point()
    computed = pd.DataFrame({
        "area_id": poly["area_id"], "name": poly["name"], "municipality_id": poly["municipality_id"],
        "lat": pts.y.round(5), "lon": pts.x.round(5), "method": "polygon_representative_point",
        "source_url": poly["source"].str.split(" ").str[0], "note": "",
    })
    documented = pd.read_csv(DATA_DIR / "district_centres.csv", dtype={"municipality_id": str},
                             keep_default_na=False)
    documented = documented[~documented["area_id"].isin(computed["area_id"])]
    out = pd.concat([computed, documented[computed.columns]], ignore_index=True)
    order = {a: i for i, (a, _, _) in enumerate(URBAN15)}
    out = out.sort_values("area_id", key=lambda s: s.map(order)).reset_index(drop=True)
    out.attrs["missing"] = [a for a, _, _ in URBAN15 if a not in set(out["area_id"])]
    return out


# ------------------------------------------------------------------------------------ optional layers


def _manifest() -> dict:
    return {lay["id"]: lay for lay in json.loads(MANIFEST.read_text(encoding="utf-8"))["layers"]}


def layer_info(layer_id: str) -> dict:
    layers = _manifest()
    if layer_id not in layers:
        raise BoundaryError(f"Unknown layer {layer_id!r}; known layers: {sorted(layers)}")
    return layers[layer_id]


def _cache_dir(cache_dir=None) -> Path:
    return Path(cache_dir or os.environ.get("BOUNDARIES_CACHE_DIR") or DEFAULT_CACHE_DIR)


def _mirror_dir() -> Path | None:
    m = os.environ.get("BOUNDARIES_MIRROR")
    if not m:
        return None
    p = Path(m)
    return p if p.is_absolute() else (REPO_DIR / p).resolve()


def _file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def find_layer(layer_id: str, cache_dir=None) -> Path:
    """Path of a verified copy of an optional layer (cache first, then $BOUNDARIES_MIRROR)."""
    info = layer_info(layer_id)
    looked, bad = [], []
    candidates = [_cache_dir(cache_dir) / info["file"]]
    mirror = _mirror_dir()
    if mirror is not None:
        candidates.append(mirror / info["file"])
    for path in candidates:
        looked.append(str(path))
        if path.is_file():
            if _file_sha256(path) == info["sha256"]:
                return path
            bad.append(str(path))
    msg = (f"Boundary layer {layer_id!r} ({info['file']}) is not available. Looked in: {', '.join(looked)}"
           + ("" if mirror is not None else " ($BOUNDARIES_MIRROR is not set)") + ". ")
    if bad:
        msg += f"Found but with the wrong SHA-256 (ignored): {', '.join(bad)}. "
    msg += (f"To get it: set BOUNDARIES_MIRROR to a folder holding {info['file']}, or run "
            f"sammanhallen.map.boundaries.download_layer({layer_id!r}) with BOUNDARIES_BASE_URL set "
            f"(expected sha256 {info['sha256']}). Origin: {info['origin_url']}")
    raise LayerUnavailable(msg)


def load_layer(layer_id: str, cache_dir=None) -> gpd.GeoDataFrame:
    """Load an optional (large) layer listed in manifest.json, in EPSG:4326. Raises LayerUnavailable."""
    gdf = gpd.read_file(find_layer(layer_id, cache_dir))
    return (gdf.set_crs(4326) if gdf.crs is None else gdf).to_crs(4326)


def download_layer(layer_id: str, base_url: str | None = None, cache_dir=None, timeout: float = 60) -> Path:
    """Fetch an optional layer into the cache and verify its SHA-256.

    The URL is ``<base_url>/<file>``; ``base_url`` defaults to ``$BOUNDARIES_BASE_URL``. On a checksum
    mismatch or any error the partial file is deleted and BoundaryError is raised; an existing good
    cached copy is never overwritten by a bad download.
    """
    info = layer_info(layer_id)
    base_url = base_url or os.environ.get("BOUNDARIES_BASE_URL")
    if not base_url:
        raise BoundaryError(f"No download location for {layer_id!r}: pass base_url or set BOUNDARIES_BASE_URL "
                            f"(the file {info['file']} is expected at <base_url>/{info['file']}).")
    url = base_url.rstrip("/") + "/" + info["file"]
    cache = _cache_dir(cache_dir)
    cache.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{info['file']}.", suffix=".part", dir=cache)
    h, size = hashlib.sha256(), 0
    try:
        with os.fdopen(fd, "wb") as out, urllib.request.urlopen(url, timeout=timeout) as resp:
            for chunk in iter(lambda: resp.read(1 << 20), b""):
                h.update(chunk)
                size += len(chunk)
                out.write(chunk)
        if h.hexdigest() != info["sha256"]:
            raise BoundaryError(f"Checksum mismatch for {url}: got sha256 {h.hexdigest()} ({size} bytes), expected "
                                f"{info['sha256']} ({info['size']} bytes). The download was deleted.")
        final = cache / info["file"]
        os.replace(tmp, final)
        return final
    except BoundaryError:
        raise
    except (urllib.error.URLError, OSError, TimeoutError) as exc:
        raise BoundaryError(f"Download of {layer_id!r} from {url} failed: {exc}") from exc
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)


def layer_folders(cache_dir=None) -> list[Path]:
    """The folders load_layer looks in, in order (cache, then mirror)."""
    mirror = _mirror_dir()
    return [_cache_dir(cache_dir)] + ([mirror] if mirror is not None else [])


def layer_status(cache_dir=None) -> pd.DataFrame:
    """Availability of every optional layer: id, file, available, path_or_reason."""
    rows = []
    for lid, info in _manifest().items():
        try:
            rows.append({"id": lid, "file": info["file"], "available": True, "detail": str(find_layer(lid, cache_dir))})
        except LayerUnavailable as exc:
            rows.append({"id": lid, "file": info["file"], "available": False, "detail": str(exc)})
    return pd.DataFrame(rows)


# Import and matching live in geo_import; re-exported lazily here (avoids a circular import).
_GEO_IMPORT_NAMES = {"MatchResult", "ImportReport", "ImportError_", "import_boundaries", "match_features"}


def __getattr__(name):
    if name in _GEO_IMPORT_NAMES:
        from sammanhallen.data_import import boundary_files as geo_import
        return getattr(geo_import, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

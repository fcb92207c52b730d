"""Tests for sammanhallen.map.boundaries / sammanhallen.data_import.boundary_files."""
from __future__ import annotations

import hashlib
import http.server
import json
import os
import re
import shutil
import threading
import zipfile
from functools import partial
from pathlib import Path

import geopandas as gpd
import pytest
import shapely
from shapely.geometry import Point, Polygon

from sammanhallen.map import boundaries as b
from sammanhallen.map import geometry
from sammanhallen.data_import.boundary_files import ImportError_, import_boundaries, match_features

REPO = Path(__file__).resolve().parents[2]
SHIPPED = REPO / "data" / "boundaries"
SHARED = Path(os.environ.get("BOUNDARIES_MIRROR") or (REPO.parent / "shared" / "geodata"))
if not SHARED.is_absolute():
    SHARED = (REPO / SHARED).resolve()

needs_shared = pytest.mark.skipif(not (SHARED / "SOURCES.md").exists(),
                                  reason=f"shared geodata folder {SHARED} not present (set BOUNDARIES_MIRROR)")


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def snapshot(folder: Path) -> dict:
    if not folder.exists():
        return {"<absent>": None}
    return {str(p.relative_to(folder)): sha(p) for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def mirror_env(monkeypatch, tmp_path):
    monkeypatch.setenv("BOUNDARIES_MIRROR", str(SHARED))
    monkeypatch.setenv("BOUNDARIES_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("BOUNDARIES_BASE_URL", raising=False)
    return tmp_path / "cache"


# ------------------------------------------------------------------------------- points and polygons


def test_urban15_points_inside_municipality_and_own_polygon():
    centres = b.urban_district_centres()
    assert set(centres["area_id"]) | set(centres.attrs["missing"]) == {a for a, _, _ in b.URBAN15}
    assert centres["area_id"].is_unique
    kommuner = b.municipalities(sorted(centres["municipality_id"].unique())).set_index("area_id")
    polys = b.urban_district_polygons().set_index("area_id")
    assert len(polys) == 6
    for _, r in centres.iterrows():
        pt = Point(r["lon"], r["lat"])
        assert kommuner.loc[r["municipality_id"], "geometry"].contains(pt), r["area_id"]
        assert r["source_url"].startswith("https://")
        if r["area_id"] in polys.index:
            assert r["method"] == "polygon_representative_point"
            assert polys.loc[r["area_id"], "geometry"].contains(pt), r["area_id"]


@needs_shared
def test_urban15_points_inside_full_geometry(mirror_env):
    centres = b.urban_district_centres()
    full_k = b.municipalities(full=True).set_index("area_id")
    po = b.load_layer("goteborg_primaromraden")
    sd = b.load_layer("stockholm_stadsdelar_full")
    own = {aid: shapely.union_all(po[po["omrade_kod"].isin(codes)].geometry.values)
           for aid, _, codes in b.GOTEBORG_URBAN15}
    own.update({aid: sd[sd["name"] == raw].geometry.iloc[0] for aid, _, raw in b.STOCKHOLM_URBAN15})
    for _, r in centres.iterrows():
        pt = Point(r["lon"], r["lat"])
        assert full_k.loc[r["municipality_id"], "geometry"].contains(pt), r["area_id"]
        if r["area_id"] in own:
            assert own[r["area_id"]].contains(pt), r["area_id"]


def test_goteborg_districts_match_sources_md():
    gbg = gpd.read_file(SHIPPED / "goteborg_urban15.geojson").set_index("area_id")
    assert gbg.loc["u15-bergsjon", "primaromraden"] == "305 Västra Bergsjön,306 Östra Bergsjön"
    assert gbg.loc["u15-gardsten", "primaromraden"] == "603 Gårdstensberget"
    assert gbg.loc["u15-hjallbo", "primaromraden"] == "612 Hjällbo"
    assert gbg.loc["u15-norra-biskopsgarden", "primaromraden"] == "701 Norra Biskopsgården"


def test_stadsdelar_ids():
    sd = b.stockholm_stadsdelar()
    assert len(sd) == 117 and sd["area_id"].is_unique
    assert {"0180-sd-tensta", "0180-sd-rinkeby", "0180-sd-hasselby-gard"} <= set(sd["area_id"])
    assert sd.geometry.is_valid.all()


def test_borough_dissolve():
    old, new = b.stockholm_boroughs("2007-2019"), b.stockholm_boroughs("2020-")
    assert len(old) == 14 and len(new) == 13
    common = {"Bromma", "Enskede-Årsta-Vantör", "Farsta", "Hässelby-Vällingby", "Kungsholmen", "Norrmalm",
              "Rinkeby-Kista", "Skarpnäck", "Skärholmen", "Spånga-Tensta", "Södermalm", "Östermalm"}
    assert set(old["name"]) == common | {"Hägersten-Liljeholmen", "Älvsjö"}
    assert set(new["name"]) == common | {"Hägersten-Älvsjö"}
    assert {"0180-sdo-alvsjo", "0180-sdo-hagersten-liljeholmen"} <= set(old["area_id"])
    assert "0180-sdo-hagersten-alvsjo" in set(new["area_id"])
    assert old["n_stadsdelar"].sum() == new["n_stadsdelar"].sum() == 117
    assert old.geometry.is_valid.all() and new.geometry.is_valid.all()
    sd = b.stockholm_stadsdelar().set_index("name")
    for vintage, table in (("2007-2019", old), ("2020-", new)):
        t = table.set_index("name")
        for district, borough in (("Rinkeby", "Rinkeby-Kista"), ("Tensta", "Spånga-Tensta")):
            pt = sd.loc[district, "geometry"].representative_point()
            assert t.loc[borough, "geometry"].contains(pt), (vintage, district)
            others = t.drop(index=borough)
            assert not others.geometry.contains(pt).any()
    with pytest.raises(b.BoundaryError, match="vintage"):
        b.stockholm_boroughs("2021")


def test_municipalities():
    k = b.municipalities()
    assert len(k) == 290 and k["area_id"].str.len().eq(4).all()
    nine = b.municipalities(["0180", "0181", "0780", "1280", "1282", "1290", "1480", "1488", "1490"])
    assert dict(zip(nine.area_id, nine.name))["1480"] == "Göteborg"
    with pytest.raises(b.BoundaryError, match="9999"):
        b.municipalities(["9999"])


# ------------------------------------------------------------------------------------------- import


def _known_polygon_3006():
    """Tensta (shipped) reprojected to SWEREF99 TM."""
    sd = b.stockholm_stadsdelar()
    return sd[sd["name"] == "Tensta"].to_crs(3006)


def test_import_epsg3006(tmp_path):
    src = _known_polygon_3006().rename(columns={"name": "Omrade"})[["Omrade", "area_id", "geometry"]]
    f = tmp_path / "tensta_sweref.gpkg"
    src.to_file(f, driver="GPKG")
    target = tmp_path / "imported"
    rep = import_boundaries(f, name_column="Omrade", code_column="area_id", target=target)
    assert rep.path == target / "tensta-sweref.geojson" and rep.path.exists()
    assert "3006" in rep.source_crs
    back = gpd.read_file(rep.path)
    assert back.crs.to_epsg() == 4326
    tensta_pt = b.stockholm_stadsdelar().set_index("name").loc["Tensta", "geometry"].representative_point()
    assert back.geometry.iloc[0].contains(tensta_pt)
    assert abs(back.to_crs(3006).area.iloc[0] - src.area.iloc[0]) / src.area.iloc[0] < 1e-6
    # zipped shapefile and GeoJSON in 3006 also work
    shp_dir = tmp_path / "shp"
    shp_dir.mkdir()
    src.to_file(shp_dir / "tensta.shp")
    z = tmp_path / "tensta_shp.zip"
    with zipfile.ZipFile(z, "w") as zf:
        for p in shp_dir.iterdir():
            zf.write(p, p.name)
    rep2 = import_boundaries(z, name_column="Omrade", target=target)
    assert gpd.read_file(rep2.path).geometry.iloc[0].contains(tensta_pt)


def _assert_rejected(tmp_path, path, match, **kw):
    target = tmp_path / "store"
    target.mkdir(exist_ok=True)
    (target / "existing.geojson").write_text('{"type":"FeatureCollection","features":[]}')
    (target / "tensta-sweref.geojson").write_text("old content")
    before = snapshot(target)
    with pytest.raises(ImportError_, match=match):
        import_boundaries(path, target=target, **kw)
    assert snapshot(target) == before


def test_import_rejects_unrepairable_and_empty_geometry(tmp_path):
    good = Polygon([(17.9, 59.39), (17.91, 59.39), (17.91, 59.40), (17.9, 59.39)])
    flat = Polygon([(17.9, 59.39), (17.91, 59.40), (17.92, 59.41), (17.9, 59.39)])  # collinear: no area
    g = gpd.GeoDataFrame({"namn": ["Bra", "Platt"]}, geometry=[good, flat], crs=4326)
    f = tmp_path / "tensta_sweref.geojson"
    g.to_file(f)
    _assert_rejected(tmp_path, f, r"feature 1 \('Platt'\).*cannot be repaired")
    g2 = gpd.GeoDataFrame({"namn": ["Bra", "Tom"]}, geometry=[good, Polygon()], crs=4326)
    f2 = tmp_path / "empty.geojson"
    g2.to_file(f2)
    _assert_rejected(tmp_path, f2, r"feature 1 \('Tom'\) has an empty geometry")


def test_import_repairs_bowtie(tmp_path):
    bowtie = Polygon([(17.90, 59.39), (17.92, 59.41), (17.92, 59.39), (17.90, 59.41), (17.90, 59.39)])
    assert not bowtie.is_valid
    f = tmp_path / "bowtie.geojson"
    gpd.GeoDataFrame({"name": ["Fluga"]}, geometry=[bowtie], crs=4326).to_file(f)
    rep = import_boundaries(f, target=tmp_path / "out")
    assert rep.repaired and "feature 0 ('Fluga')" in rep.repaired[0]
    geom = gpd.read_file(rep.path).geometry.iloc[0]
    assert geom.is_valid and geom.geom_type == "MultiPolygon" and geom.area > 0


def test_import_rejects_missing_name_column(tmp_path):
    f = tmp_path / "noname.geojson"
    gpd.GeoDataFrame({"kod": ["1"], "typ": ["x"]},
                     geometry=[Polygon([(17.9, 59.39), (17.91, 59.39), (17.91, 59.4)])], crs=4326).to_file(f)
    _assert_rejected(tmp_path, f, r"Available columns: \['kod', 'typ'\]", name_column="Namn")
    _assert_rejected(tmp_path, f, r"available columns: \['kod', 'typ'\]")


def test_import_rejects_non_geographic(tmp_path):
    csv = tmp_path / "table.geojson"
    csv.write_text("area,value\nTensta,12\nRinkeby,14\n")
    _assert_rejected(tmp_path, csv, "not a readable geographic file|not a geographic file")
    txt = tmp_path / "notes.gpkg"
    txt.write_text("just some notes, not a GeoPackage")
    _assert_rejected(tmp_path, txt, "not a readable geographic file")
    _assert_rejected(tmp_path, tmp_path / "missing.geojson", "no such file")
    other = tmp_path / "data.csv"
    other.write_text("a,b\n1,2\n")
    _assert_rejected(tmp_path, other, "unsupported file type")


def test_import_rejects_missing_crs_with_projected_coordinates(tmp_path):
    src = _known_polygon_3006()
    fc = json.loads(src.to_json())
    fc.pop("crs", None)  # no "crs" member: GeoJSON readers assume lon/lat
    f = tmp_path / "nocrs.geojson"
    f.write_text(json.dumps(fc))
    _assert_rejected(tmp_path, f, "CRS is missing")  # GeoJSON without crs member: read as lon/lat
    if True:  # and a Shapefile without .prj (truly no CRS)
        shp_dir = tmp_path / "noprj"
        shp_dir.mkdir()
        src.to_file(shp_dir / "x.shp")
        (shp_dir / "x.prj").unlink()
        f = tmp_path / "noprj.zip"
        with zipfile.ZipFile(f, "w") as zf:
            for p in shp_dir.iterdir():
                zf.write(p, p.name)
    _assert_rejected(tmp_path, f, "CRS is missing")


def test_import_overwrite_is_atomic(tmp_path, monkeypatch):
    target = tmp_path / "store"
    f = tmp_path / "area.geojson"
    gpd.GeoDataFrame({"name": ["A"]}, geometry=[Polygon([(17.9, 59.39), (17.91, 59.39), (17.91, 59.4)])],
                     crs=4326).to_file(f)
    import_boundaries(f, target=target)
    before = snapshot(target)

    def boom(*a, **k):
        raise OSError("disk full")
    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError):
        import_boundaries(f, target=target)
    assert snapshot(target) == before


# ----------------------------------------------------------------------------------------- matching


def test_match_features_tolerant_and_nothing_dropped():
    areas = b.stockholm_stadsdelar()[["area_id", "name"]]
    feats = gpd.GeoDataFrame(
        {"NAMN": ["TENSTA", "hasselby  gard", "Rinkeby", "Atlantis", "Tensta"],
         "KOD": [None, None, "0180-sd-rinkeby", None, None]},
        geometry=[Point(0, 0)] * 5, crs=4326)
    res = match_features(feats, areas, "NAMN", "KOD")
    assert len(res.matched) + len(res.unmatched_features) == len(feats)
    m = dict(zip(res.matched["NAMN"], res.matched["area_id"]))
    assert m["TENSTA"] == "0180-sd-tensta" and m["hasselby  gard"] == "0180-sd-hasselby-gard"
    assert res.matched.set_index("NAMN").loc["Rinkeby", "match_method"] == "code"
    reasons = dict(zip(res.unmatched_features["NAMN"], res.unmatched_features["reason"]))
    assert "no area" in reasons["Atlantis"] and "already matched" in reasons["Tensta"]
    assert len(res.unmatched_areas) == 117 - 3


def test_match_municipality_codes():
    areas = b.municipalities()[["area_id", "name"]]
    feats = gpd.GeoDataFrame({"n": ["x", "Malmo"], "c": [180, None]}, geometry=[Point(0, 0)] * 2, crs=4326)
    res = match_features(feats, areas, "n", "c")
    assert sorted(res.matched["area_id"]) == ["0180", "1280"]


# ---------------------------------------------------------------------------------- optional layers


def test_layer_unavailable_message(monkeypatch, tmp_path):
    monkeypatch.setenv("BOUNDARIES_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("BOUNDARIES_MIRROR", raising=False)
    with pytest.raises(b.LayerUnavailable) as exc:
        b.load_layer("goteborg_primaromraden")
    msg = str(exc.value)
    assert str(tmp_path / "cache") in msg and "BOUNDARIES_MIRROR" in msg and "BOUNDARIES_BASE_URL" in msg
    with pytest.raises(b.BoundaryError, match="Unknown layer"):
        b.load_layer("nope")


@needs_shared
def test_load_layer_from_mirror(mirror_env):
    po = b.load_layer("goteborg_primaromraden")
    assert len(po) == 96 and po.crs.to_epsg() == 4326
    status = b.layer_status()
    assert status["available"].all()


def test_manifest_matches_shared_sources():
    manifest = json.loads((SHIPPED / "manifest.json").read_text())
    ids = {lay["id"] for lay in manifest["layers"]}
    assert {"goteborg_primaromraden", "goteborg_mellanomraden", "goteborgsregionen_deso_2025",
            "goteborgsregionen_regso_2025"} <= ids
    for lay in manifest["layers"]:
        assert re.fullmatch(r"[0-9a-f]{64}", lay["sha256"]) and lay["size"] > 0
        assert lay["download_url"].startswith("${BOUNDARIES_BASE_URL}/")
        assert "raw.githubusercontent.com" not in lay["origin_url"]
        if "gothenburg_maps" in lay["origin_repo"]:
            assert "converted" in lay["origin_note"] and lay["origin_url"].endswith(".rds")
        if (SHARED / lay["file"]).exists():
            assert sha(SHARED / lay["file"]) == lay["sha256"]
            assert (SHARED / lay["file"]).stat().st_size == lay["size"]


@pytest.fixture
def http_server(tmp_path):
    served = tmp_path / "served"
    served.mkdir()
    handler = partial(_QuietHandler, directory=str(served))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    t = threading.Thread(target=httpd.serve_forever, daemon=True)
    t.start()
    try:
        yield served, f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@needs_shared
def test_download_layer(http_server, tmp_path, monkeypatch):
    served, url = http_server
    cache = tmp_path / "cache"
    monkeypatch.setenv("BOUNDARIES_CACHE_DIR", str(cache))
    monkeypatch.delenv("BOUNDARIES_MIRROR", raising=False)
    shutil.copy(SHARED / "goteborgsregionen_regso_2025.geojson", served)
    path = b.download_layer("goteborgsregionen_regso_2025", base_url=url)
    assert path == cache / "goteborgsregionen_regso_2025.geojson"
    assert sha(path) == b.layer_info("goteborgsregionen_regso_2025")["sha256"]
    assert len(b.load_layer("goteborgsregionen_regso_2025")) == 300
    # via environment variable
    monkeypatch.setenv("BOUNDARIES_BASE_URL", url + "/")
    shutil.copy(SHARED / "goteborg_mellanomraden.geojson", served)
    assert b.download_layer("goteborg_mellanomraden").exists()


@needs_shared
def test_download_checksum_mismatch(http_server, tmp_path, monkeypatch):
    served, url = http_server
    cache = tmp_path / "cache"
    monkeypatch.setenv("BOUNDARIES_CACHE_DIR", str(cache))
    monkeypatch.delenv("BOUNDARIES_MIRROR", raising=False)
    data = (SHARED / "goteborg_primaromraden.geojson").read_bytes()
    (served / "goteborg_primaromraden.geojson").write_bytes(data[:-10] + b"tampered!\n")
    with pytest.raises(b.BoundaryError, match="Checksum mismatch"):
        b.download_layer("goteborg_primaromraden", base_url=url)
    assert list(cache.iterdir()) == []
    with pytest.raises(b.LayerUnavailable):
        b.load_layer("goteborg_primaromraden")
    with pytest.raises(b.BoundaryError, match="failed"):
        b.download_layer("goteborgsregionen_deso_2025", base_url=url)  # not served: 404
    assert list(cache.iterdir()) == []
    monkeypatch.delenv("BOUNDARIES_BASE_URL", raising=False)
    with pytest.raises(b.BoundaryError, match="BOUNDARIES_BASE_URL"):
        b.download_layer("goteborg_primaromraden")


# ----------------------------------------------------------------------------------- shipped files


def _sources_table() -> dict[str, str]:
    text = (SHIPPED / "SOURCES.md").read_text(encoding="utf-8")
    return {m.group(1): m.group(3) for m in re.finditer(r"^\| `([^`]+)` \| (\d+) \| ([0-9a-f]{64}) \|$", text, re.M)}


def test_shipped_files_match_sources_md_and_are_small():
    table = _sources_table()
    files = {p.name: p for p in SHIPPED.iterdir() if p.is_file() and p.name != "SOURCES.md"}
    assert set(table) == set(files)
    for name, p in files.items():
        assert sha(p) == table[name], name
    total = sum(p.stat().st_size for p in SHIPPED.iterdir() if p.is_file())
    assert total < 1_000_000
    assert "okfse" not in (SHIPPED / "manifest.json").read_text()


@needs_shared
def test_no_shipped_file_is_a_copy():
    shared = {sha(p) for p in SHARED.iterdir() if p.is_file()}
    for p in SHIPPED.iterdir():
        if p.is_file():
            assert sha(p) not in shared, p.name


def test_licence_notice_present():
    text = (SHIPPED / "LICENSE-gothenburg_maps.txt").read_text(encoding="utf-8")
    assert "Copyright (c) 2024 [Henrik Söderholm, stadsledningskontoret Göteborgs Stad]" in text
    assert "The above copyright notice and this permission notice shall be included" in text


@needs_shared
def test_display_geojson_is_small():
    payload = geometry.display_geojson(b.stockholm_stadsdelar())
    size = len(json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode())
    assert size <= 0.25 * (SHARED / "stockholm_stadsdelar.geojson").stat().st_size
    assert len(payload["features"]) == 117
    geoms = [shapely.geometry.shape(f["geometry"]) for f in payload["features"]]
    assert all(g.is_valid and not g.is_empty for g in geoms)
    assert payload["features"][0]["properties"]["area_id"].startswith("0180-sd-")


def test_for_altair_orientation():
    g = geometry.for_altair(b.urban_district_polygons())
    for geom in g.geometry:
        for poly in getattr(geom, "geoms", [geom]):
            assert not poly.exterior.is_ccw

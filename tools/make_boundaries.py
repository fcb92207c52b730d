"""Derive the small boundary files shipped in data/boundaries/ from the shared geodata folder.

Usage:  .venv/bin/python tools/make_boundaries.py [GEODATA_DIR] [--reference REFERENCE_DIR]

GEODATA_DIR defaults to ../shared/geodata and REFERENCE_DIR to ../shared/reference (relative to
the repo root). Output is deterministic: running it twice on the same input gives the same bytes.
Never reads sweden_kommuner.geojson / sweden_lan.geojson (okfse, no licence).
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import re
import sys
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from sammanhallen.map.boundaries import (  # noqa: E402
    DATA_DIR, GOTEBORG_URBAN15, fix_polygonal, round_coords, simplify_coverage_m,
)

PRECISION = 5
STADSDEL_TOLERANCE_M = 10
KOMMUN_TOLERANCE_M = 150
GOTEBORG_TOLERANCE_M = 10

STOCKHOLM_REPO = "KTHHealthData/stockholm-stadsdelar"
STOCKHOLM_COMMIT = "d52d2d07e1f008f24b0644f26dc04c777f7cfe19"
GBG_REPO = "globalfunlearning/gothenburg_maps"
GBG_COMMIT = "d0d851b4ea172f765aa65294cea5fc14c33c639f"

# Large optional layers (never copied into the repo); listed in manifest.json.
OPTIONAL_LAYERS = [
    # id, file, origin path in the source repo, repo, commit, licence, description
    ("goteborg_primaromraden", "goteborg_primaromraden.geojson", "input/prepared_maps/goteborg/primaromraden.rds",
     GBG_REPO, GBG_COMMIT, "MIT", "Göteborg primärområden (96), full geometry"),
    ("goteborg_mellanomraden", "goteborg_mellanomraden.geojson", "input/prepared_maps/goteborg/mellanomraden.rds",
     GBG_REPO, GBG_COMMIT, "MIT", "Göteborg mellanområden (36), full geometry"),
    ("goteborgsregionen_deso_2025", "goteborgsregionen_deso_2025.geojson",
     "input/prepared_maps/sverige/backup/deso_gr_original.rds", GBG_REPO, GBG_COMMIT,
     "MIT (data: SCB DeSO 2025)", "DeSO 2025, the 13 Göteborgsregionen municipalities (584)"),
    ("goteborgsregionen_regso_2025", "goteborgsregionen_regso_2025.geojson",
     "input/prepared_maps/sverige/backup/regso_gr_original.rds", GBG_REPO, GBG_COMMIT,
     "MIT (data: SCB RegSO 2025)", "RegSO 2025, the 13 Göteborgsregionen municipalities (300)"),
    ("stockholm_stadsdelar_full", "stockholm_stadsdelar.geojson", "geojson/fullsize/stadsdelar.geo.json",
     STOCKHOLM_REPO, STOCKHOLM_COMMIT, "CC0-1.0", "Stockholm's 117 stadsdelar, full geometry"),
    ("sweden_kommuner_scb2025_full", "sweden_kommuner_scb2025.geojson", "input/prepared_maps/sverige/kommuner.rds",
     GBG_REPO, GBG_COMMIT, "MIT (data: SCB kommunindelning 2025)", "Sweden's 290 kommuner, unsimplified"),
]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def write_geojson(gdf: gpd.GeoDataFrame, path: Path, props: list[str]) -> None:
    feats = []
    for _, row in gdf.iterrows():
        feats.append({
            "type": "Feature",
            "properties": {p: (None if row[p] is None else str(row[p])) for p in props},
            "geometry": shapely.geometry.mapping(row.geometry),
        })
    fc = {"type": "FeatureCollection", "features": feats}
    path.write_text(json.dumps(fc, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")


def finish(geoms_3006: np.ndarray) -> np.ndarray:
    """3006 -> 4326, round, repair."""
    g4326 = gpd.GeoSeries(geoms_3006, crs=3006).to_crs(4326).values
    out = round_coords(g4326, PRECISION)
    return np.array([fix_polygonal(g) for g in out], dtype=object)


def validation_sha(shared_sources: Path) -> dict[str, tuple[int, str]]:
    """Parse the 'Validation' table of the shared SOURCES.md: file -> (bytes, sha256)."""
    out = {}
    for line in shared_sources.read_text(encoding="utf-8").splitlines():
        m = re.match(r"\|\s*([\w.]+\.geojson)\s*\|.*\|\s*(\d+)\s*\|\s*([0-9a-f]{64})\s*\|\s*$", line)
        if m:
            out[m.group(1)] = (int(m.group(2)), m.group(3))
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("geodata", nargs="?", default=str(REPO.parent / "shared" / "geodata"))
    ap.add_argument("--reference", default=str(REPO.parent / "shared" / "reference"))
    ap.add_argument("--out", default=str(DATA_DIR))
    a = ap.parse_args(argv)
    src, ref, out = Path(a.geodata), Path(a.reference), Path(a.out)
    out.mkdir(parents=True, exist_ok=True)

    expected = validation_sha(src / "SOURCES.md")
    for f in ["stockholm_stadsdelar.geojson", "sweden_kommuner_scb2025.geojson", "goteborg_primaromraden.geojson"]:
        if sha256(src / f) != expected[f][1]:
            raise SystemExit(f"{f}: SHA-256 differs from {src / 'SOURCES.md'}")

    # 1. Stockholm stadsdelar (CC0)
    sd = gpd.read_file(src / "stockholm_stadsdelar.geojson").to_crs(3006).sort_values("name")
    sd["geometry"] = finish(simplify_coverage_m(sd.geometry.values, STADSDEL_TOLERANCE_M))
    write_geojson(sd, out / "stockholm_stadsdelar.geojson", ["name"])

    # 2. SCB 2025 kommuner (MIT)
    km = gpd.read_file(src / "sweden_kommuner_scb2025.geojson").to_crs(3006).sort_values("kommun_kod")
    km["geometry"] = finish(simplify_coverage_m(km.geometry.values, KOMMUN_TOLERANCE_M))
    write_geojson(km, out / "sweden_kommuner.geojson", ["kommun_kod", "kommun_namn", "lan_kod", "lan_namn"])

    # 3. Göteborg Urban15 districts from primärområden (MIT)
    po = gpd.read_file(src / "goteborg_primaromraden.geojson").to_crs(3006)
    rows = []
    for area_id, name, codes in GOTEBORG_URBAN15:
        part = po[po["omrade_kod"].astype(str).isin(codes)]
        if sorted(part["omrade_kod"].astype(str)) != sorted(codes):
            raise SystemExit(f"{name}: primärområden {codes} not all found")
        rows.append({"area_id": area_id, "name": name, "municipality_id": "1480",
                     "primaromraden": ",".join(f"{c} {n}" for c, n in zip(part.omrade_kod, part.omrade_namn)),
                     "geometry": shapely.union_all(part.geometry.values)})
    gu = gpd.GeoDataFrame(rows, geometry="geometry", crs=3006)
    gu["geometry"] = finish(shapely.simplify(gu.geometry.values, GOTEBORG_TOLERANCE_M, preserve_topology=True))
    write_geojson(gu, out / "goteborg_urban15.geojson", ["area_id", "name", "municipality_id", "primaromraden"])

    # 4. Stockholm crosswalk (own copy of the needed columns)
    with open(ref / "stockholm_stadsdel_crosswalk.csv", encoding="utf-8", newline="") as fh:
        cw = list(csv.DictReader(fh))
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["stadsdel", "stadsdel_display", "sdn_2007_2019", "sdo_2020", "confidence", "source"])
    for r in sorted(cw, key=lambda r: r["stadsdel"]):
        w.writerow([r["stadsdel"], r["stadsdel_display"], r["sdn_2007_2019"], r["sdo_2020"], r["confidence"],
                    r["source_url"]])
    (out / "stockholm_crosswalk.csv").write_text(buf.getvalue(), encoding="utf-8")

    # 5. Manifest of the large optional layers
    layers = []
    for lid, fname, opath, repo, commit, lic, desc in OPTIONAL_LAYERS:
        size, digest = expected[fname]
        converted = repo == GBG_REPO
        layers.append({
            "id": lid, "file": fname, "description": desc,
            "origin_repo": f"https://github.com/{repo}", "origin_commit": commit,
            "origin_url": f"https://github.com/{repo}/blob/{commit}/{opath}",
            "origin_note": ("GeoJSON converted from the R .rds (sf, EPSG:3006) at origin_url: reprojected to "
                            "EPSG:4326, rounded to 8 decimals, centroid_x/centroid_y dropped; see "
                            "shared/geodata/SOURCES.md") if converted else "byte-for-byte copy of origin_url",
            "download_url": "${BOUNDARIES_BASE_URL}/" + fname,
            "licence": lic,
            "licence_file": "LICENSE-gothenburg_maps.txt" if converted else None,
            "sha256": digest, "size": size,
        })
    manifest = {"description": "Optional boundary layers too large to ship. load_layer() looks in "
                               "data/cache/boundaries/ then $BOUNDARIES_MIRROR; download_layer() fetches "
                               "${BOUNDARIES_BASE_URL}/<file> and verifies sha256.",
                "layers": layers}
    (out / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")

    # 6. Licence notice (verbatim from the origin repository's LICENSE)
    (out / "LICENSE-gothenburg_maps.txt").write_text(MIT_NOTICE, encoding="utf-8")

    # 7. SOURCES.md with sha256 of every shipped file
    write_sources(out)
    total = sum(p.stat().st_size for p in out.iterdir() if p.is_file())
    print(f"wrote {out} ({total} bytes total)")
    return 0


MIT_NOTICE = """MIT License

Copyright (c) 2024 [Henrik Söderholm, stadsledningskontoret Göteborgs Stad]

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
"""

SOURCES_TEMPLATE = """# data/boundaries — shipped boundary files

Produced by `tools/make_boundaries.py` from `../shared/geodata` (see that folder's SOURCES.md) and
`../shared/reference`. Re-run the script to reproduce them. The okfse files `sweden_kommuner.geojson` /
`sweden_lan.geojson` (no licence) are never used. Large layers are not shipped: see `manifest.json`.

Common processing for the GeoJSON files: reprojected to SWEREF99 TM (EPSG:3006), simplified there,
reprojected to WGS84 lon/lat (EPSG:4326), coordinates rounded to {precision} decimals, any geometry made
invalid by rounding repaired with `shapely.make_valid` (polygonal parts kept), written as compact
GeoJSON without a `crs` member (RFC 7946 default, lon/lat). Simplification of the Stockholm and kommun
layers uses `shapely.coverage_simplify` so shared borders stay shared (no gaps or overlaps introduced).

| file | origin (repo @ commit, path) | licence | what was changed |
|---|---|---|---|
| `stockholm_stadsdelar.geojson` | {sthlm_repo} @ {sthlm_commit}, `geojson/fullsize/stadsdelar.geo.json` (= shared `stockholm_stadsdelar.geojson`) | CC0 1.0 | coverage-simplified, tolerance {sd_tol} m; rounded to {precision} decimals; `crs` member dropped; only property `name` (unchanged, UPPERCASE); sorted by name |
| `sweden_kommuner.geojson` | {gbg_repo} @ {gbg_commit}, `input/prepared_maps/sverige/kommuner.rds` (converted to GeoJSON; = shared `sweden_kommuner_scb2025.geojson`) | MIT, see `LICENSE-gothenburg_maps.txt` | all 290 kommuner; coverage-simplified, tolerance {km_tol} m; rounded to {precision} decimals; kept `kommun_kod`, `kommun_namn`, `lan_kod`, `lan_namn`; dropped `kommun_kod_namn`, `niva`, SKR/FA/LA group columns, `area_km2`, `uppdaterad`, `kalla`; sorted by kommun_kod |
| `goteborg_urban15.geojson` | {gbg_repo} @ {gbg_commit}, `input/prepared_maps/goteborg/primaromraden.rds` (converted; = shared `goteborg_primaromraden.geojson`) | MIT, see `LICENSE-gothenburg_maps.txt` | 4 features made by union of primärområden: Bergsjön = 305 Västra Bergsjön + 306 Östra Bergsjön, Gårdsten = 603 Gårdstensberget, Hjällbo = 612 Hjällbo, Norra Biskopsgården = 701 Norra Biskopsgården; simplified (`shapely.simplify`, preserve_topology) tolerance {gb_tol} m; rounded to {precision} decimals; properties replaced by `area_id`, `name`, `municipality_id`, `primaromraden` |
| `stockholm_crosswalk.csv` | shared `reference/stockholm_stadsdel_crosswalk.csv` (compiled from public web pages; per-row URLs in `source`) | facts with sources (no licence claimed) | kept `stadsdel`, `stadsdel_display`, `sdn_2007_2019`, `sdo_2020`, `confidence`; `source_url` renamed `source`; dropped `stadsdel_code` (empty) and `note`; sorted by stadsdel |
| `district_centres.csv` | curated by hand (not produced by the script): coordinates as published at each row's `source_url` | facts with sources | only the Urban15 districts without a polygon for which a public source with coordinates was found |
| `manifest.json` | generated; sizes and SHA-256 from the shared SOURCES.md "Validation" table | — | list of optional layers |
| `LICENSE-gothenburg_maps.txt` | {gbg_repo} `LICENSE`, verbatim | MIT | — |

## SHA-256 of the shipped files

| file | bytes | sha256 |
|---|---|---|
{sha_rows}
"""


def write_sources(out: Path) -> None:
    rows = []
    for p in sorted(out.iterdir()):
        if p.is_file() and p.name != "SOURCES.md":
            rows.append(f"| `{p.name}` | {p.stat().st_size} | {sha256(p)} |")
    text = SOURCES_TEMPLATE.format(
        precision=PRECISION, sthlm_repo=STOCKHOLM_REPO, sthlm_commit=STOCKHOLM_COMMIT[:7], gbg_repo=GBG_REPO,
        gbg_commit=GBG_COMMIT[:7], sd_tol=STADSDEL_TOLERANCE_M, km_tol=KOMMUN_TOLERANCE_M,
        gb_tol=GOTEBORG_TOLERANCE_M, sha_rows="\n".join(rows))
    (out / "SOURCES.md").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    raise SystemExit(main())

"""Synthetic benchmark database: the real build plus clearly marked synthetic rows (bench only).

    python bench/synthetic.py --size small|medium|large --out /tmp/bench/large.duckdb
    python bench/synthetic.py --areas 50 --indicators 3 --years 2 --out /tmp/tiny.duckdb

* ``small``  = today's data: exactly the real build from data/*.csv (``sammanhallen.data.build.build``).
* ``medium`` = the real build + 1 000 synthetic areas × 20 synthetic indicators × 15 years (300 000 values).
* ``large``  = the real build + 6 000 synthetic areas × 40 synthetic indicators × 20 years (4.8 million
  values): about all of Sweden's DeSO areas with decades of indicators.

The real areas, indicators, sources, funds and documents stay exactly as built, so every page keeps
working; the synthetic rows are *added* and marked everywhere a person could see them:

* one source ``syntetiska_testdata`` titled "SYNTETISKA TESTDATA – inte verkliga värden" that every
  synthetic row cites;
* areas ``SYN-000001`` … named "Syntetiskt område 1" … (level ``district``, like a DeSO area), under
  synthetic municipalities ``SYN-K-0001`` … "Syntetisk kommun 1" (level ``municipality``, about 20
  areas each, as DeSO areas lie in kommuner), with a centre point on a grid over southern Sweden;
* indicators ``syn_ind_01`` … named "SYNTETISK indikator 01" with a definition saying they are not real.

Values are generated in DuckDB SQL from ``hash()`` of (area, indicator, year): deterministic, no
randomness, no file read. The tables keep the schema of ``sammanhallen/data/schema.py`` (types, NOT NULL,
primary keys), because they are the tables the real build created. The output must be a separate file:
this script refuses to write to data/dashboard.duckdb. Synthetic data lives only in bench files.
"""
from __future__ import annotations

import argparse
import math
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import duckdb  # noqa: E402

from sammanhallen.data.build import build  # noqa: E402
from sammanhallen.paths import DATA_DIR  # noqa: E402

SOURCE_ID = "syntetiska_testdata"
SOURCE_TITLE = "SYNTETISKA TESTDATA – inte verkliga värden"
AREA_PREFIX = "SYN-"
PARENT_PREFIX = "SYN-K-"
INDICATOR_PREFIX = "syn_ind_"
AREAS_PER_MUNICIPALITY = 20
LAST_YEAR = 2024


@dataclass(frozen=True)
class Size:
    areas: int
    indicators: int
    years: int

    @property
    def observations(self) -> int:
        return self.areas * self.indicators * self.years


SIZES: dict[str, Size | None] = {
    "small": None,                       # today's data: the real build only
    "medium": Size(1_000, 20, 15),
    "large": Size(6_000, 40, 20),
}

UNITS = ("percent", "persons", "index", "SEK", "percent", "count")
DOMAINS = ("befolkning", "arbete", "forsorjning", "utbildning", "ekonomi", "index")

# Grid of area centres over southern Sweden in SWEREF99 TM (EPSG:3006, metres); shared with the map benchmark.
GRID_ORIGIN = (320_000.0, 6_150_000.0)
GRID_EXTENT = (580_000.0, 640_000.0)


def area_id(i: int) -> str:
    return f"{AREA_PREFIX}{i:06d}"


def indicator_id(i: int) -> str:
    return f"{INDICATOR_PREFIX}{i:02d}"


def grid_shape(n: int) -> tuple[int, int, float]:
    """(columns, rows, cell size in metres) of a square-celled grid with at least n cells in GRID_EXTENT."""
    width, height = GRID_EXTENT
    cell = math.sqrt(width * height / n)
    cols = max(1, math.ceil(width / cell))
    rows = max(1, math.ceil(n / cols))
    cell = min(width / cols, height / rows)
    return cols, rows, cell


def cell_of(i: int, n: int) -> tuple[int, int]:
    """Column and row of synthetic area i (1-based) in the grid of n areas."""
    cols, _, _ = grid_shape(n)
    return (i - 1) % cols, (i - 1) // cols


def _centres(n: int) -> list[tuple[float, float]]:
    """(lat, lon) of the grid cell centres, for areas.lat / areas.lon."""
    from pyproj import Transformer

    cols, _, cell = grid_shape(n)
    to_wgs = Transformer.from_crs(3006, 4326, always_xy=True)
    xs, ys = [], []
    for i in range(1, n + 1):
        c, r = cell_of(i, n)
        xs.append(GRID_ORIGIN[0] + (c + 0.5) * cell)
        ys.append(GRID_ORIGIN[1] + (r + 0.5) * cell)
    lon, lat = to_wgs.transform(xs, ys)
    return [(round(float(b), 5), round(float(a), 5)) for a, b in zip(lon, lat)]


def grid_polygons(n: int, per_edge: int = 35, amplitude: float = 0.12):
    """The n synthetic areas as polygons (GeoDataFrame in EPSG:4326: area_id, name, parent_id, geometry).

    Square grid cells whose edges are drawn with ``per_edge`` segments wiggled perpendicular to the edge
    (by at most ``amplitude`` × cell size, tapering to zero at the corners), the same wiggle for both
    neighbours: a gap-free coverage with about 4 × per_edge vertices per polygon. DeSO polygons have a
    median of about 140 (shared/geodata/goteborgsregionen_deso_2025.geojson), hence 35 per edge.
    """
    import geopandas as gpd
    import numpy as np
    import shapely

    cols, rows, cell = grid_shape(n)
    x0, y0 = GRID_ORIGIN
    t = np.arange(1, per_edge) / per_edge
    envelope = np.sin(np.pi * t) * amplitude * cell

    def wiggle(key: int) -> np.ndarray:
        # Deterministic pseudo-noise in [-1, 1] per edge (no random state).
        return np.sin((np.arange(1, per_edge) * 12.9898 + key * 78.233) * 43758.5453) % 2 - 1

    def h_edge(c: int, r: int) -> np.ndarray:  # corner (c, r) -> (c + 1, r)
        xs = x0 + (c + t) * cell
        ys = y0 + r * cell + envelope * wiggle(2 * (r * (cols + 1) + c))
        return np.column_stack([xs, ys])

    def v_edge(c: int, r: int) -> np.ndarray:  # corner (c, r) -> (c, r + 1)
        ys = y0 + (r + t) * cell
        xs = x0 + c * cell + envelope * wiggle(2 * (r * (cols + 1) + c) + 1)
        return np.column_stack([xs, ys])

    polys = []
    for i in range(1, n + 1):
        c, r = cell_of(i, n)
        corner = lambda cc, rr: np.array([[x0 + cc * cell, y0 + rr * cell]])  # noqa: E731
        ring = np.vstack([corner(c, r), h_edge(c, r), corner(c + 1, r), v_edge(c + 1, r), corner(c + 1, r + 1),
                          h_edge(c, r + 1)[::-1], corner(c, r + 1), v_edge(c, r)[::-1], corner(c, r)])
        polys.append(shapely.Polygon(ring))
    gdf = gpd.GeoDataFrame(
        {"area_id": [area_id(i) for i in range(1, n + 1)],
         "name": [f"Syntetiskt område {i}" for i in range(1, n + 1)],
         "parent_id": [f"{PARENT_PREFIX}{(i - 1) // AREAS_PER_MUNICIPALITY + 1:04d}" for i in range(1, n + 1)]},
        geometry=polys, crs=3006)
    return gdf.to_crs(4326)


def add_synthetic(con: duckdb.DuckDBPyConnection, size: Size, last_year: int = LAST_YEAR) -> dict[str, int]:
    """Insert the synthetic source, areas, indicators and observations into an already built database."""
    n_parents = max(1, math.ceil(size.areas / AREAS_PER_MUNICIPALITY))
    first_year = last_year - size.years + 1
    con.execute(
        "insert into sources values (?, ?, ?, ?, ?)",
        [SOURCE_ID, SOURCE_TITLE, "SYNTETISKA TESTDATA (prestandamätning, bench/synthetic.py)", None, None],
    )
    con.execute(
        """
        insert into areas
        select printf('SYN-K-%04d', k), 'Syntetisk kommun ' || k, 'municipality', 'SE',
               null, null, null, null, $source
        from range(1, $n_parents + 1) t(k)
        """,
        {"source": SOURCE_ID, "n_parents": n_parents},
    )
    centres = _centres(size.areas)
    con.execute("create temp table syn_centres (i bigint, lat double, lon double)")
    con.executemany("insert into syn_centres values (?, ?, ?)", [(i + 1, lat, lon) for i, (lat, lon) in enumerate(centres)])
    con.execute(
        """
        insert into areas
        select printf('SYN-%06d', c.i), 'Syntetiskt område ' || c.i, 'district',
               printf('SYN-K-%04d', (c.i - 1) // $per + 1), null, null, c.lat, c.lon, $source
        from syn_centres c
        order by c.i
        """,
        {"source": SOURCE_ID, "per": AREAS_PER_MUNICIPALITY},
    )
    con.execute("drop table syn_centres")
    con.execute(
        """
        insert into indicators
        select printf('syn_ind_%02d', k),
               printf('SYNTETISK indikator %02d', k),
               printf('SYNTHETIC indicator %02d', k),
               list_extract($units, ((k - 1) % 6) + 1),
               case k % 3 when 0 then null when 1 then false else true end,
               'Syntetiska testdata för prestandamätning (bench/synthetic.py) – inte verkliga värden.',
               list_extract($domains, ((k - 1) % 6) + 1)
        from range(1, $n + 1) t(k)
        """,
        {"units": list(UNITS), "domains": list(DOMAINS), "n": size.indicators},
    )
    # One insert per indicator: the rows land in the order a real load per statistical table would have.
    for k in range(1, size.indicators + 1):
        con.execute(
            """
            insert into observations
            with grid as (
                select a.i, y.y, hash(a.i, $k, y.y) as h, hash(a.i, $k) as base
                from range(1, $n_areas + 1) a(i) cross join range($y0, $y1 + 1) y(y)
            )
            select printf('SYN-%06d', i), $indicator, y,
                   round(case $unit
                       when 'percent' then (base % 6000) / 100.0 + (y - $y0) * 0.2 + (h % 200) / 100.0
                       when 'persons' then 200 + base % 4800 + (y - $y0) * 15 + h % 60
                       when 'count'   then base % 900 + h % 40
                       when 'index'   then 50 + (base % 150) + (h % 20) - 10
                       else 150000 + base % 250000 + (y - $y0) * 2000 + h % 5000
                   end, 2),
                   $source,
                   case when h % 100 < 3 then 'low' when h % 100 < 13 then 'medium' else 'high' end,
                   case when h % 100 < 3 then 'SYNTETISK: cirka-värde' end
            from grid
            order by i, y
            """,
            {"k": k, "indicator": indicator_id(k), "unit": UNITS[(k - 1) % 6], "n_areas": size.areas,
             "y0": first_year, "y1": last_year, "source": SOURCE_ID},
        )
    return {"synthetic_areas": size.areas, "synthetic_municipalities": n_parents,
            "synthetic_indicators": size.indicators, "synthetic_observations": size.observations,
            "first_year": first_year, "last_year": last_year}


PROPOSED_MODELS = Path(__file__).resolve().parent / "proposed" / "models"
_CREATE_TABLE = re.compile(r"^\s*create\s+(?:or\s+replace\s+)?table\s+([A-Za-z_][A-Za-z0-9_]*)", re.I | re.M)


def refresh_models(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Rebuild the pre-aggregated tables after the synthetic rows went in, so they count them too.

    Models in queries/models that create a *table* are dropped and created again (views need nothing);
    the proposed models in bench/proposed/models (pre-aggregations the benchmark measures before they are
    adopted) are created when the build did not already create them."""
    done = []
    for model in sorted((ROOT / "queries" / "models").glob("*.sql")) + sorted(PROPOSED_MODELS.glob("*.sql")):
        sql = model.read_text(encoding="utf-8")
        match = _CREATE_TABLE.search(re.sub(r"--[^\n]*", "", sql))
        if not match:
            continue
        table = match.group(1)
        if model.parent == PROPOSED_MODELS and table in done:
            continue  # adopted into queries/models already
        con.execute(f"drop table if exists {table}")
        con.execute(sql)
        done.append(table)
    return done


def generate(out: Path, size: Size | None, data_dir: Path = DATA_DIR) -> dict:
    """Build the real database into ``out`` and add the synthetic rows (none for today's data)."""
    out = Path(out).resolve()
    real = (ROOT / "data" / "dashboard.duckdb").resolve()
    if out == real or out.parent == (ROOT / "data").resolve():
        raise SystemExit(f"refusing to write synthetic data next to the real database ({out}); use a bench tmp path")
    t0 = time.perf_counter()
    build(data_dir, out)
    t_build = time.perf_counter() - t0
    info: dict = {"out": str(out), "build_s": round(t_build, 2)}
    t1 = time.perf_counter()
    con = duckdb.connect(str(out))
    try:
        if size is not None:
            info.update(add_synthetic(con, size))
        info["models_refreshed"] = refresh_models(con)
        con.execute("checkpoint")
    finally:
        con.close()
    info["synthetic_s"] = round(time.perf_counter() - t1, 2)
    con = duckdb.connect(str(out), read_only=True)
    try:
        info["observations"] = con.execute("select count(*) from observations").fetchone()[0]
        info["areas"] = con.execute("select count(*) from areas").fetchone()[0]
        info["indicators"] = con.execute("select count(*) from indicators").fetchone()[0]
    finally:
        con.close()
    info["bytes"] = out.stat().st_size
    return info


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=sorted(SIZES), help="preset size")
    parser.add_argument("--areas", type=int, help="custom size: synthetic areas")
    parser.add_argument("--indicators", type=int, help="custom size: synthetic indicators")
    parser.add_argument("--years", type=int, help="custom size: years per series")
    parser.add_argument("--out", type=Path, required=True, help="database file to write (never data/dashboard.duckdb)")
    args = parser.parse_args(argv)
    if args.areas or args.indicators or args.years:
        size = Size(args.areas or 50, args.indicators or 3, args.years or 2)
    elif args.size:
        size = SIZES[args.size]
    else:
        parser.error("give --size or --areas/--indicators/--years")
    import json

    print(json.dumps(generate(args.out, size)))
    return 0


if __name__ == "__main__":
    sys.exit(main())

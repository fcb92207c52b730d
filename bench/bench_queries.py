"""Every query in queries/ timed at three data sizes, and the main page queries done the naive pandas way.

Sizes (bench/synthetic.py): small = today's data, medium = +1 000 areas × 20 indicators × 15 years,
large = +6 000 areas × 40 indicators × 20 years (4.8 million values). Each query runs through
``sammanhallen.data.queries.run`` (what ``components.db.run`` calls on a cache miss: SQL + DataFrame),
warm, median of several runs:

* ``example``: the parameters of its ``-- Example:`` header line, the same at every size;
* ``synthetic``: at medium/large, parameters that hit the synthetic rows (all synthetic areas for the map
  queries, the 20 areas of one synthetic municipality for the series queries, a synthetic indicator,
  the last year, the level ``district``). Its ratio is to the same query's example time on today's data.

Targets: the slowest query at large within 5× of the slowest query on today's data; the DuckDB path at
least 5× faster than the naive pandas path (filter the full tables loaded in pandas, then merge) at large.

    python bench/bench_queries.py [--quick] [--repeat 5]

The last line is one JSON object of the figures.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402  (puts the repo root on sys.path)

import duckdb  # noqa: E402
import pandas as pd  # noqa: E402

from sammanhallen.data import queries  # noqa: E402

SIZES = ("small", "medium", "large")
PROPOSED = Path(__file__).resolve().parent / "proposed"
SERIES_QUERIES = {"area_series", "compare_values", "trends_series"}
TARGET_SLOWEST_RATIO = 5.0
TARGET_PANDAS_SPEEDUP = 5.0


def proposed_sql(name: str) -> str | None:
    """The rewritten query proposed in bench/proposed/<name>.sql (measured beside the current one)."""
    path = PROPOSED / f"{name}.sql"
    return path.read_text(encoding="utf-8") if path.exists() else None


def run_sql(con, sql: str, params: dict) -> pd.DataFrame:
    """queries.run for SQL text: bound parameters on a cursor, as a DataFrame."""
    cursor = con.cursor()
    try:
        return cursor.execute(sql, {k: params[k] for k in queries.parameters(sql)}).df()
    finally:
        cursor.close()


def example_params(name: str) -> dict:
    match = re.search(r"^-- Example: (.*)$", queries.load(name), re.MULTILINE)
    return json.loads(match.group(1)) if match else {}


def synthetic_params(name: str, size, example: dict) -> dict | None:
    """Parameters that make the query read the synthetic rows, or None when it takes none of them."""
    if size is None:
        return None
    wanted = queries.parameters(queries.load(name))
    last_year = common.synthetic.LAST_YEAR
    params, touched = dict(example), False
    if "area_ids" in wanted:
        n = min(20, size.areas) if name in SERIES_QUERIES else size.areas
        params["area_ids"] = [common.synthetic.area_id(i) for i in range(1, n + 1)]
        touched = True
    if "indicator_id" in wanted:
        params["indicator_id"] = common.synthetic.indicator_id(1)
        touched = True
    if "area_id" in wanted:
        params["area_id"] = common.synthetic.area_id(1)
        touched = True
    if "year" in wanted and ("indicator_id" in wanted or "area_id" in wanted):
        params["year"] = last_year
    if "level" in wanted:
        params["level"] = "district"
        touched = True
    return params if touched else None


# ------------------------------------------------------------------------------------- naive pandas


class Naive:
    """The page queries written the naive way: the full tables in pandas, filtered with masks, merged."""

    def __init__(self, con: duckdb.DuckDBPyConnection):
        t0 = time.perf_counter()
        self.obs = con.execute("select * from observations").df()
        self.areas = con.execute("select * from areas").df()
        self.ind = con.execute("select * from indicators").df()
        self.src = con.execute("select * from sources").df()
        self.load_s = time.perf_counter() - t0

    def _details(self, obs: pd.DataFrame) -> pd.DataFrame:
        a = self.areas[["area_id", "name", "level", "parent_id"]].rename(
            columns={"name": "area_name", "level": "area_level"})
        i = self.ind[["indicator_id", "name_sv", "name_en", "unit", "domain"]].rename(
            columns={"name_sv": "indicator_name_sv", "name_en": "indicator_name_en"})
        s = self.src.rename(columns={"title": "source_title", "publisher": "source_publisher", "year": "source_year",
                                     "url": "source_url"})
        return obs.merge(a, on="area_id").merge(i, on="indicator_id").merge(s, on="source_id")

    def map_values(self, indicator_id, year, area_ids):
        o = self.obs[(self.obs.indicator_id == indicator_id) & (self.obs.year == int(year))]
        wanted = pd.DataFrame({"area_id": list(area_ids)})
        out = wanted.merge(self.areas[["area_id", "name"]], on="area_id", how="left")
        out = out.merge(o[["area_id", "value", "confidence", "note", "source_id"]], on="area_id", how="left")
        out = out.merge(self.src.rename(columns={"title": "source_title", "publisher": "source_publisher",
                                                 "year": "source_year", "url": "source_url"}), on="source_id", how="left")
        out["unit"] = self.ind.loc[self.ind.indicator_id == indicator_id, "unit"].iloc[0]
        out["year"] = int(year)
        return out.sort_values("name")

    def series(self, indicator_id, area_ids):  # compare_values, trends_series, area_series
        o = self.obs[(self.obs.indicator_id == indicator_id) & self.obs.area_id.isin(list(area_ids))]
        return self._details(o).sort_values(["area_id", "year"])

    def indicators_list(self):
        o = self.obs.merge(self.areas[["area_id", "level"]], on="area_id", how="left")
        g = o.groupby("indicator_id").agg(n_values=("value", "count"), first_year=("year", "min"),
                                          last_year=("year", "max"),
                                          years=("year", lambda s: sorted(s.unique())),
                                          levels=("level", lambda s: sorted(s.dropna().unique())))
        out = self.ind.merge(g.reset_index(), on="indicator_id", how="left")
        return out.sort_values(["domain", "name_sv"])

    def map_measures(self, area_ids):
        o = self.obs[self.obs.area_id.isin(list(area_ids))]
        g = o.groupby("indicator_id").agg(n_values=("value", "size"), years=("year", lambda s: sorted(s.unique())))
        out = self.ind.merge(g.reset_index(), on="indicator_id")
        return out.sort_values(["domain", "name_sv"])


def naive_cases(size, quick: bool) -> list[tuple[str, str, dict]]:
    """(label, query name, params) of the page queries compared with the naive path at this size."""
    syn = size is not None
    ind = common.synthetic.indicator_id(1) if syn else "ekonomiskt_bistand_andel_befolkning"
    year = common.synthetic.LAST_YEAR if syn else 2017
    all_ids = [common.synthetic.area_id(i) for i in range(1, size.areas + 1)] if syn else \
        example_params("map_values")["area_ids"]
    few = all_ids[:20] if syn else ["0180", "0180-sdo-rinkeby-kista", "0180-sdo-spanga-tensta", "SE"]
    return [
        ("map values (level, year)", "map_values", {"indicator_id": ind, "year": year, "area_ids": all_ids}),
        ("map measures", "map_measures", {"area_ids": all_ids}),
        ("compare values", "compare_values", {"indicator_id": ind, "area_ids": few}),
        ("trends series", "trends_series", {"indicator_id": ind, "area_ids": few}),
        ("indicators list", "indicators_list", {}),
    ]


def run_naive(naive: Naive, name: str, params: dict) -> pd.DataFrame:
    if name == "map_values":
        return naive.map_values(**params)
    if name == "map_measures":
        return naive.map_measures(**params)
    if name in ("compare_values", "trends_series"):
        return naive.series(**params)
    if name == "indicators_list":
        return naive.indicators_list()
    raise KeyError(name)


# ------------------------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="tiny sizes, few repeats (seconds; for tests)")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    repeat = 2 if args.quick else args.repeat

    names = queries.available()
    times: dict[tuple[str, str, str], float] = {}     # (query, variant, size) -> seconds
    rows_out: dict[tuple[str, str, str], int] = {}
    naive_times: dict[tuple[str, str], tuple[float, float, int, int]] = {}  # (label, size) -> duck, pandas, rows
    load_s: dict[str, float] = {}
    errors: list[str] = []

    cons, sizes = {}, {}
    for size_name in SIZES:
        sizes[size_name] = common.size_of(size_name, args.quick)
        t0 = time.perf_counter()
        path = common.database(size_name, args.quick)
        print(f"[{size_name}] database {path} ({path.stat().st_size / 1e6:.0f} MB, ready in "
              f"{time.perf_counter() - t0:.1f} s)", file=sys.stderr)
        cons[size_name] = duckdb.connect(str(path), read_only=True)
    try:
        # Sizes interleaved per query: on a shared machine every size meets the same background load.
        for name in names:
            example = example_params(name)
            for size_name in SIZES:
                con = cons[size_name]
                variants = [("example", example)]
                syn = synthetic_params(name, sizes[size_name], example)
                if syn is not None:
                    variants.append(("synthetic", syn))
                proposal = proposed_sql(name)
                for variant, params in variants:
                    try:
                        frame = queries.run(con, name, **params)
                        times[(name, variant, size_name)] = common.median_time(
                            lambda: queries.run(con, name, **params), repeat=repeat)
                        rows_out[(name, variant, size_name)] = len(frame)
                        if proposal is not None:
                            other = run_sql(con, proposal, params)
                            if not (list(other.columns) == list(frame.columns) and len(other) == len(frame)
                                    and other.astype(str).values.tolist() == frame.astype(str).values.tolist()):
                                errors.append(f"proposed {name} [{variant}, {size_name}] returns other rows")
                            times[(name, variant + "+proposed", size_name)] = common.median_time(
                                lambda: run_sql(con, proposal, params), repeat=repeat)
                    except Exception as exc:  # noqa: BLE001 - a failing query is a finding, reported below
                        errors.append(f"{name} [{variant}, {size_name}]: {type(exc).__name__}: {exc}")
        for size_name in SIZES:
            con = cons[size_name]
            naive = Naive(con)
            load_s[size_name] = naive.load_s
            for label, name, params in naive_cases(sizes[size_name], args.quick):
                duck = queries.run(con, name, **params)
                panda = run_naive(naive, name, params)
                if len(duck) != len(panda):
                    errors.append(f"naive {label} [{size_name}]: {len(panda)} rows, DuckDB {len(duck)}")
                t_duck = common.median_time(lambda: queries.run(con, name, **params), repeat=repeat)
                t_pandas = common.median_time(lambda: run_naive(naive, name, params), repeat=max(2, repeat // 2))
                proposal = proposed_sql(name)
                t_prop = common.median_time(lambda: run_sql(con, proposal, params), repeat=repeat) \
                    if proposal is not None else t_duck
                naive_times[(label, size_name)] = (t_duck, t_pandas, len(duck), len(panda), t_prop)
            naive = None  # frees the full tables before the next size
    finally:
        for con in cons.values():
            con.close()

    # ---- report: every query
    print("\n## Queries (median of warm runs; ms)\n")
    print(f"| query | params | {' | '.join(SIZES)} | large/small |")
    print("|---|---|" + "---:|" * (len(SIZES) + 1))
    per_query_ratio = {}
    for name in names:
        for variant in ("example", "example+proposed", "synthetic", "synthetic+proposed"):
            if not any((name, variant, s) in times for s in SIZES):
                continue
            cells = []
            for s in SIZES:
                t = times.get((name, variant, s))
                cells.append("–" if t is None else f"{t * 1000:.1f}")
            base = times.get((name, "example", "small"))
            large = times.get((name, variant, "large"))
            ratio = large / base if base and large else None
            if ratio is not None:
                per_query_ratio[f"{name}:{variant}"] = ratio
            print(f"| {name} | {variant} | {' | '.join(cells)} | {'–' if ratio is None else f'{ratio:.1f}×'} |")

    def effective(size: str, proposed: bool) -> dict[str, float]:
        """(query:variant) -> time, current SQL or, with proposed, the proposal where there is one."""
        out = {}
        for (q, v, s), t in times.items():
            if s != size or v.endswith("+proposed") or (size == "small" and v != "example"):
                continue
            if proposed and (q, v + "+proposed", s) in times:
                t = times[(q, v + "+proposed", s)]
            out[f"{q}:{v}"] = t
        return out

    def slowest(size, proposed):
        d = effective(size, proposed)
        k = max(d, key=d.get) if d else ""
        return (d.get(k, float("nan")), k)

    slowest_small, slowest_large = slowest("small", False), slowest("large", False)
    slowest_ratio = slowest_large[0] / slowest_small[0]
    p_small, p_large = slowest("small", True), slowest("large", True)
    slowest_ratio_proposed = p_large[0] / p_small[0]
    worst = max(((k, v) for k, v in per_query_ratio.items() if "+proposed" not in k), key=lambda kv: kv[1],
                default=("", float("nan")))
    print(f"\nslowest query on today's data: {slowest_small[1]} {common.ms(slowest_small[0])}; "
          f"at large: {slowest_large[1]} {common.ms(slowest_large[0])} -> {slowest_ratio:.1f}× "
          f"(target <= {TARGET_SLOWEST_RATIO:.0f}×)")
    print(f"with the proposed queries (bench/proposed): slowest on today's data {p_small[1]} {common.ms(p_small[0])}; "
          f"at large {p_large[1]} {common.ms(p_large[0])} -> {slowest_ratio_proposed:.1f}× (target <= "
          f"{TARGET_SLOWEST_RATIO:.0f}×)")
    print(f"largest per-query ratio large/small (current SQL): {worst[0]} {worst[1]:.1f}×")

    # ---- report: naive pandas
    print("\n## Page queries: DuckDB vs naive pandas (ms; pandas = full tables in memory, masks, merges)\n")
    print("| query | size | DuckDB | DuckDB, proposed SQL | pandas | pandas/DuckDB | pandas/proposed |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for (label, s), (td, tp, nd, npd, tq) in naive_times.items():
        print(f"| {label} | {s} | {td * 1000:.1f} | {tq * 1000:.1f} | {tp * 1000:.1f} | {tp / td:.1f}× | {tp / tq:.1f}× |")
    large_pairs = [v for (label, s), v in naive_times.items() if s == "large"]
    total_duck = sum(v[0] for v in large_pairs)
    total_pandas = sum(v[1] for v in large_pairs)
    total_prop = sum(v[4] for v in large_pairs)
    speedup = total_pandas / total_duck if total_duck else float("nan")
    speedup_proposed = total_pandas / total_prop if total_prop else float("nan")
    min_speedup = min((v[1] / v[0] for v in large_pairs), default=float("nan"))
    print(f"\nat large, all five page queries: DuckDB {common.ms(total_duck)}, pandas {common.ms(total_pandas)} "
          f"-> DuckDB {speedup:.1f}× faster (target >= {TARGET_PANDAS_SPEEDUP:.0f}×); slowest pair {min_speedup:.1f}×; "
          f"loading the full tables into pandas took {load_s.get('large', float('nan')):.1f} s (not counted)")
    print(f"with the proposed queries: DuckDB {common.ms(total_prop)} -> {speedup_proposed:.1f}× faster than pandas")
    for e in errors:
        print("ERROR", e)

    figures = {
        "benchmark": "queries",
        "quick": args.quick,
        "n_queries": len(names),
        "slowest_small_ms": round(slowest_small[0] * 1000, 2),
        "slowest_small_query": slowest_small[1],
        "slowest_large_ms": round(slowest_large[0] * 1000, 2),
        "slowest_large_query": slowest_large[1],
        "slowest_ratio": round(slowest_ratio, 2),
        "worst_query_ratio": round(worst[1], 1),
        "worst_query": worst[0],
        "pandas_speedup_large": round(speedup, 1),
        "slowest_ratio_proposed": round(slowest_ratio_proposed, 2),
        "slowest_large_proposed_ms": round(p_large[0] * 1000, 2),
        "slowest_large_proposed_query": p_large[1],
        "pandas_speedup_large_proposed": round(speedup_proposed, 1),
        "pandas_min_speedup_large": round(min_speedup, 1),
        "pandas_load_s_large": round(load_s.get("large", float("nan")), 2),
        "large_ms": {f"{q}:{v}": round(t * 1000, 2) for (q, v, s), t in times.items() if s == "large"},
        "small_ms": {q: round(t * 1000, 2) for (q, v, s), t in times.items() if s == "small"},
        "naive_large_ms": {label: [round(v[0] * 1000, 2), round(v[1] * 1000, 2), round(v[4] * 1000, 2)]
                           for (label, s), v in naive_times.items() if s == "large"},
        "errors": errors,
        "targets": {"slowest_ratio": {"max": TARGET_SLOWEST_RATIO, "pass": slowest_ratio <= TARGET_SLOWEST_RATIO},
                    "pandas_speedup_large": {"min": TARGET_PANDAS_SPEEDUP, "pass": speedup >= TARGET_PANDAS_SPEEDUP}},
    }
    if any(PROPOSED.rglob("*.sql")):  # the same targets again with the rewrites waiting in bench/proposed
        figures["targets"].update({
            "slowest_ratio_proposed": {"max": TARGET_SLOWEST_RATIO, "pass": slowest_ratio_proposed <= TARGET_SLOWEST_RATIO},
            "pandas_speedup_large_proposed": {"min": TARGET_PANDAS_SPEEDUP, "pass": speedup_proposed >= TARGET_PANDAS_SPEEDUP},
        })
    common.last_line(figures)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Server-side rerun of every registered page (AppTest) on today's data vs the large synthetic database.

For each page in ``components.registry.PAGES`` and each size:

* ``first``: caches cleared (``st.cache_data`` and ``st.cache_resource``), a new session opens the page
  (the app script with the page's navigation; what the first visitor after a server start waits for);
* ``rerun``: the same session runs again with warm caches (what every widget change costs on the server),
  median of several reruns.

At large, the compare and trends pages are also opened with a selection of synthetic areas and a synthetic
indicator in the URL (``?indicator=syn_ind_01&areas=SYN-…``), so they read the synthetic rows; their ratio is
to the same page's default view on today's data. Target: every page's warm rerun at large under 3× of today's.

    python bench/bench_pages.py [--quick] [--repeat 3]

A page that raises is reported (and counted as a miss). The last line is one JSON object of the figures.
"""
from __future__ import annotations

import argparse
import logging
import os
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402

TARGET_RERUN_RATIO = 3.0
SIZES = ("small", "large")


def quiet() -> None:
    warnings.filterwarnings("ignore")
    from streamlit import logger as st_logger

    st_logger.set_log_level("error")
    for name in ("streamlit", "streamlit.runtime", "streamlit.runtime.scriptrunner_utils.script_run_context",
                 "streamlit.runtime.caching.cache_data_api"):
        logging.getLogger(name).setLevel(logging.ERROR)


def synthetic_views(size) -> dict[str, dict]:
    """URL params that make a page read synthetic rows (none for today's data)."""
    if size is None:
        return {}
    ids = [common.synthetic.area_id(i) for i in range(1, min(12, size.areas) + 1)]
    ind = common.synthetic.indicator_id(1)
    return {
        "trends": {"indicator": ind, "areas": ",".join(ids)},
        "compare": {"indicator": ind, "areas": ",".join(ids), "ref": "SE", "highlight": ids[0]},
    }


def open_page(spec, query: dict, timeout: int):
    """A new AppTest session opening the page directly (as a deep link does)."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(common.ROOT / "app.py"), default_timeout=timeout)
    at.query_params["lang"] = "sv"
    for k, v in query.items():
        at.query_params[k] = v
    if spec.path != "pages/home.py":
        at.switch_page(spec.path)
    return at


def measure(spec, query: dict, repeat: int, timeout: int) -> dict:
    import streamlit as st

    st.cache_data.clear()
    st.cache_resource.clear()
    at = open_page(spec, query, timeout)
    t0 = time.perf_counter()
    at.run()
    first = time.perf_counter() - t0
    errors = [str(e.value)[:300] for e in at.exception]
    reruns = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        at.run()
        reruns.append(time.perf_counter() - t0)
        errors += [str(e.value)[:300] for e in at.exception]
    return {"first": first, "rerun": statistics.median(reruns), "errors": sorted(set(errors))}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="tiny sizes, a subset of pages (seconds; for tests)")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    quiet()
    os.environ.setdefault("BOUNDARIES_MIRROR", str(common.ROOT.parent / "shared" / "geodata"))
    os.environ["DASHBOARD_USER_DIR"] = tempfile.mkdtemp(prefix="bench-user-")
    from components.registry import PAGES

    pages = [p for p in PAGES if p.key in ("home", "trends")] if args.quick else list(PAGES)
    repeat = 1 if args.quick else args.repeat
    timeout = 60 if args.quick else 300
    dbs = {s: common.database(s, args.quick) for s in SIZES}

    # Imports and first-use costs (altair, pydeck, babel, geometry reading) are paid once, before timing.
    os.environ["DASHBOARD_DB"] = str(dbs["small"])
    for spec in pages:
        try:
            open_page(spec, {}, timeout).run()
        except Exception:  # noqa: BLE001 - reported by the timed run below
            pass

    results: dict[tuple[str, str, str], dict] = {}  # (page, view, size)
    for size_name in SIZES:
        os.environ["DASHBOARD_DB"] = str(dbs[size_name])
        views = synthetic_views(common.size_of(size_name, args.quick))
        for spec in pages:
            cases = [("default", {})] + ([("synthetic", views[spec.key])] if spec.key in views else [])
            for view, query in cases:
                try:
                    r = measure(spec, query, repeat, timeout)
                except Exception as exc:  # noqa: BLE001 - a page that blows up is a finding
                    r = {"first": float("nan"), "rerun": float("nan"), "errors": [f"{type(exc).__name__}: {exc}"[:300]]}
                results[(spec.key, view, size_name)] = r
                print(f"[{size_name}] {spec.key:<12} {view:<9} first {r['first'] * 1000:8.0f} ms   rerun "
                      f"{r['rerun'] * 1000:8.0f} ms" + (f"   ERROR {r['errors'][0]}" if r["errors"] else ""),
                      file=sys.stderr, flush=True)

    print("\n## Pages: AppTest server-side run (ms)\n")
    print("| page | view | first small | first large | first ×| rerun small | rerun large | rerun × | target |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---|")
    ratios, first_ratios, failures = {}, {}, []
    for spec in pages:
        base = results[(spec.key, "default", "small")]
        for view in ("default", "synthetic"):
            large = results.get((spec.key, view, "large"))
            if large is None:
                continue
            fr = large["first"] / base["first"] if base["first"] == base["first"] else float("nan")
            rr = large["rerun"] / base["rerun"] if base["rerun"] == base["rerun"] else float("nan")
            name = f"{spec.key}:{view}"
            ratios[name], first_ratios[name] = rr, fr
            errs = base["errors"] + large["errors"]
            if errs:
                failures.append(f"{name}: {errs[0]}")
            ok = rr < TARGET_RERUN_RATIO and not errs
            print(f"| {spec.key} | {view} | {base['first'] * 1000:.0f} | {large['first'] * 1000:.0f} | {fr:.1f}× | "
                  f"{base['rerun'] * 1000:.0f} | {large['rerun'] * 1000:.0f} | {rr:.1f}× | {'PASS' if ok else 'MISS'} |")
    worst = max(ratios.items(), key=lambda kv: kv[1] if kv[1] == kv[1] else float("inf"))
    worst_first = max(first_ratios.items(), key=lambda kv: kv[1] if kv[1] == kv[1] else float("inf"))
    passed = all(r < TARGET_RERUN_RATIO for r in ratios.values()) and not failures
    print(f"\nworst warm rerun ratio large/small: {worst[0]} {worst[1]:.1f}× (target < {TARGET_RERUN_RATIO:.0f}×); "
          f"worst first-run ratio: {worst_first[0]} {worst_first[1]:.1f}×")
    for f in failures:
        print("ERROR", f)
    common.last_line({
        "benchmark": "pages",
        "quick": args.quick,
        "worst_rerun_ratio": round(worst[1], 2),
        "worst_rerun_page": worst[0],
        "worst_first_ratio": round(worst_first[1], 2),
        "worst_first_page": worst_first[0],
        "rerun_ratio": {k: round(v, 2) for k, v in ratios.items()},
        "first_ratio": {k: round(v, 2) for k, v in first_ratios.items()},
        "rerun_ms": {f"{p}:{v}:{s}": round(r["rerun"] * 1000, 1) for (p, v, s), r in results.items()},
        "first_ms": {f"{p}:{v}:{s}": round(r["first"] * 1000, 1) for (p, v, s), r in results.items()},
        "errors": failures,
        "targets": {"worst_rerun_ratio": {"max": TARGET_RERUN_RATIO, "pass": passed}},
    })
    return 0


if __name__ == "__main__":
    sys.exit(main())

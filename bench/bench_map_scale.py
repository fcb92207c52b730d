"""The map at 6 000 polygons: browser payload and server rerun through the project's own map path, and the
time to the first map paint in headless Chromium against a bare Streamlit page.

Geometry: 6 000 synthetic grid polygons over southern Sweden with DeSO-like detail (~140 vertices each,
``bench/synthetic.py: grid_polygons``), values from the large synthetic database (``map_values`` for all
6 000 areas, a synthetic indicator). Two variants in the same run:

* ``as_is``: the display geometry as it was before (``boundaries.display_geojson(gdf, 20, 5)``), then
  the app's ``join_values``, ``classify``, ``build_deck`` and the JSON sent: the before-figure;
* ``fixed``: the app's own path, ``sammanhallen.map.simplify`` (tolerance and precision from the opening
  zoom, text labels only when there are few enough to read). The targets are on this one.

Reference: today's map (the 117 Stockholm stadsdelar, ``load_geography("sd")``) through the same path.

First paint (seconds from navigation to the map showing, median of interleaved rounds, ``paint_s``):

* ``bare``: a bare Streamlit page (its title visible), the reference;
* ``fixed``: what the map page shows first, through ``components.map.figure`` as pages/map.py calls it.
  Above ``map_deck.OUTLINES_UP_TO`` (1 000) areas that is the server-drawn picture (``st.image``, timed
  until the image is painted), not the deck: deck.gl's start-up alone in software WebGL is several times a
  bare page. With ``--quick`` (300 polygons) it is the deck;
* ``fixed_interactive``: the same map as the interactive deck (after the "Interaktiv karta" button), timed
  until its canvas is painted; reported beside, not a target;
* ``as_is``: the deck of the before-geometry; ``few``: the app's deck of 20 polygons (deck.gl's fixed cost).

Targets: payload bounded (at most 10 % of the source GeoJSON, and per polygon no more than today's
map); the first map paint of ``fixed`` within 2× of the bare page's.

    python bench/bench_map_scale.py [--quick] [--no-browser]

The last line is one JSON object of the figures.
"""
from __future__ import annotations

import argparse
import contextlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402

import duckdb  # noqa: E402

from sammanhallen.map import geometry
from sammanhallen.map import classes as map_classes
from sammanhallen.map import data as map_data
from sammanhallen.map import geographies as map_geographies
from sammanhallen.map import image as map_image
from sammanhallen.map import layers as ml
from sammanhallen.map import simplify as map_simplify
from sammanhallen.data import queries  # noqa: E402
from sammanhallen.map.deck import DeckOptions, build_deck  # noqa: E402

APPS = common.BENCH / "apps"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
TARGET_PAINT_RATIO = 2.0
TARGET_PAYLOAD_SHARE = 0.10


# ------------------------------------------------------------------------------------------ server side


def synthetic_layer(n: int, fixed: bool) -> tuple[map_geographies.GeoLayer, float]:
    """A GeoLayer of n synthetic polygons built the way load_geography builds its layers; (layer, seconds)."""
    gdf = common.synthetic.grid_polygons(n)[["area_id", "name", "geometry"]]
    t0 = time.perf_counter()
    features = map_simplify.display_features(gdf) if fixed else geometry.display_geojson(gdf, 20, 5)["features"]
    areas = map_geographies._centres(gdf)
    layer = map_geographies.GeoLayer("syn", None, areas, features, bounds=map_geographies._bounds(gdf),
                        source_sv="SYNTETISKA TESTDATA", source_en="SYNTHETIC TEST DATA")
    return layer, time.perf_counter() - t0


def limit_labels(deck):
    """The proposed map_deck change, applied to a built deck: no text layer for thousands of areas."""
    for lyr in list(deck.layers):
        if getattr(lyr, "id", None) == "labels" and len(lyr.data) > map_simplify.MAX_LABELS:
            deck.layers.remove(lyr)
    return deck


@contextlib.contextmanager
def fast_numbers(enabled: bool):
    """Formerly swapped in a hand-written formatter; formatting.format_number now caches babel's
    parsed pattern (as fast), so both modes use the app's own formatting."""
    yield


def rerun_fn(layer: map_geographies.GeoLayer, run, measure: map_data.Measure, year: int, fixed: bool, as_deck: bool = False):
    """What the map page does when the year or measure changes (caches warm); the JSON sent, or the deck."""
    def rerun():
        with fast_numbers(fixed):
            mv = map_data.values(run, measure, year, layer.area_ids)
            joined = ml.join_values(layer, mv.rows)
            classes = map_classes.classify(joined.areas["value"], "quantiles", 5)
            deck = build_deck(layer, joined, DeckOptions(measure.name_sv, measure.unit, measure.higher_is_better,
                                                         classes, label_all=False))
            if fixed:
                deck = limit_labels(deck)
            return deck if as_deck else deck.to_json()
    return rerun


def cached_runner(con):
    cache: dict = {}

    def run(name, **params):  # stands in for components.db.run (st.cache_data): cached by name + params
        key = (name, json.dumps(params, sort_keys=True, default=str))
        if key not in cache:
            cache[key] = queries.run(con, name, **params)
        return cache[key].copy()
    return run


def best_of(fn, rounds: int) -> float:
    fn()
    times = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def payload_parts(payload: str) -> dict:
    """Bytes of the areas layer's geometry vs its properties vs everything else."""
    deck = json.loads(payload)
    areas = next((lyr for lyr in deck["layers"] if lyr.get("id") == "areas"), None)
    if not areas:
        return {}
    feats = areas["data"]["features"]
    geom = sum(len(json.dumps(f["geometry"], separators=(",", ":"))) for f in feats)
    props = sum(len(json.dumps(f["properties"], separators=(",", ":"), ensure_ascii=False)) for f in feats)
    labels = next((lyr for lyr in deck["layers"] if lyr.get("id") == "labels"), None)
    return {"geometry": geom, "properties": props,
            "labels": len(json.dumps(labels, separators=(",", ":"), ensure_ascii=False)) if labels else 0}


# ------------------------------------------------------------------------------------------ browser


def start_app(script: Path, env: dict, workdir: Path) -> tuple[subprocess.Popen, str]:
    """`streamlit run` of a bench app from a work dir that has the app, the repo's static/ and config."""
    return common.start_streamlit(script, env, workdir, ("--server.enableStaticServing", "true",
                                                         "--browser.gatherUsageStats", "false",
                                                         "--server.fileWatcherType", "none"))


def stop_app(proc: subprocess.Popen) -> None:
    common.stop_streamlit(proc)


def _painted(tab, selector: str) -> bool:
    """True when the element shows more than a sliver of non-background pixels (a screenshot of it)."""
    from io import BytesIO

    el = tab.query_selector(selector)
    if el is None:
        return False
    box = el.bounding_box()
    if not box or box["width"] < 10 or box["height"] < 10:
        return False
    clip = {"x": box["x"], "y": box["y"], "width": min(box["width"], 1280 - box["x"]),
            "height": min(box["height"], 900 - box["y"])}
    if clip["width"] < 10 or clip["height"] < 10:
        return False
    try:
        png = tab.screenshot(clip=clip, timeout=60000)
    except Exception:  # noqa: BLE001 - the renderer is busy drawing: not painted yet, poll again
        return False
    try:
        from PIL import Image
    except ImportError:  # pragma: no cover - Pillow comes with streamlit
        return len(png) > 5000
    img = Image.open(BytesIO(png)).convert("RGB").resize((64, 44))
    pixels = list(img.get_flattened_data()) if hasattr(img, "get_flattened_data") else list(img.getdata())
    background = max(set(pixels), key=pixels.count)
    differing = sum(1 for p in pixels if sum(abs(a - b) for a, b in zip(p, background)) > 30)
    return differing > 0.05 * len(pixels)


def first_paint(browser, url: str, selector: str, painted: bool, timeout_s: float = 240) -> float:
    """Seconds from navigation start to the first poll that sees the element (painted, for a canvas)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    blocked: list[str] = []

    def guard(route):
        host = urllib.parse.urlparse(route.request.url).hostname or ""
        if route.request.url.startswith(("data:", "blob:")) or host in ("127.0.0.1", "localhost"):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    tab = context.new_page()
    try:
        t0 = time.perf_counter()
        tab.goto(url, wait_until="commit")
        deadline = t0 + timeout_s
        while time.perf_counter() < deadline:
            if painted:
                if _painted(tab, selector):
                    return time.perf_counter() - t0
            elif tab.query_selector(selector) is not None and tab.is_visible(selector):
                tab.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
                return time.perf_counter() - t0
            time.sleep(0.05)
        return float("inf")  # not painted within the time limit: reported as such
    finally:
        context.close()


def browser_part(n: int, db_path: Path, rounds: int, warm_up: bool = True) -> dict:
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        return {"error": "Chromium missing at /usr/bin/chromium"}
    work = Path(tempfile.mkdtemp(prefix="bench-apps-"))
    for f in APPS.glob("*.py"):
        (work / f.name).write_text(f.read_text(encoding="utf-8"), encoding="utf-8")
    (work / "static").symlink_to(common.ROOT / "static")
    env = dict(os.environ, DASHBOARD_DB=str(db_path), BENCH_MAP_N=str(n), BENCH_ROOT=str(common.ROOT),
               PYTHONPATH=os.pathsep.join([str(common.ROOT), str(common.BENCH)]))
    out: dict = {}
    procs = []
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                servers = {}
                for app in ("bare", "map_6000"):
                    proc, url = start_app(work / f"{app}.py", env, work)
                    procs.append(proc)
                    servers[app] = url
                maps = {"as_is": "/?variant=as_is", "fixed": "/?variant=fixed", "few": "/?variant=fixed&n=20",
                        "fixed_interactive": "/?variant=fixed&interactive=1"}
                canvas = "[data-testid=stDeckGlJsonChart] canvas"
                image = "[data-testid=stImage] img"
                # The app's map opens as a picture above OUTLINES_UP_TO areas: then its first paint is the image.
                selectors = {k: canvas for k in maps}
                if map_image.opens_as_image(n):
                    selectors["fixed"] = image
                # One untimed visit each: the server builds and caches geometry, values and the picture.
                # (--quick checks the machinery only: one cold visit each, its figures not comparable.)
                if warm_up:
                    first_paint(browser, servers["bare"], "h1", painted=False)
                    for key, query in maps.items():
                        first_paint(browser, servers["map_6000"] + query, selectors[key], painted=True, timeout_s=300)
                times: dict[str, list[float]] = {"bare": [], **{k: [] for k in maps}}
                for _ in range(rounds):  # interleaved rounds: each meets the same background load
                    times["bare"].append(first_paint(browser, servers["bare"], "h1", painted=False))
                    for key, query in maps.items():
                        times[key].append(first_paint(browser, servers["map_6000"] + query, selectors[key],
                                                      painted=True))
                out = {k: statistics.median(v) for k, v in times.items()}
            finally:
                browser.close()
    finally:
        for proc in procs:
            stop_app(proc)
    return out


# ------------------------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="300 polygons, few rounds (seconds; for tests)")
    parser.add_argument("--no-browser", action="store_true", help="server-side figures only")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    os.environ.setdefault("BOUNDARIES_MIRROR", str(common.ROOT.parent / "shared" / "geodata"))
    size_name = "large"
    size = common.size_of(size_name, args.quick)
    n = size.areas
    rounds = 2 if args.quick else args.rounds
    db_path = common.database(size_name, args.quick)
    con = duckdb.connect(str(db_path), read_only=True)
    run = cached_runner(con)

    raw_bytes = len(common.synthetic.grid_polygons(n).to_json().encode("utf-8"))
    figures: dict = {"benchmark": "map_scale", "quick": args.quick, "polygons": n, "raw_geojson_bytes": raw_bytes}

    # Today's map: the 117 stadsdelar, measure and year as the map page opens them.
    today = map_geographies.load_geography("sd")
    today_measure = map_data.default_measure(map_data.measures(run, today.area_ids, "sd"), "sd")
    today_rerun = rerun_fn(today, run, today_measure, today_measure.years[-1], fixed=False)
    t_today = best_of(today_rerun, rounds * 3)
    p_today = len(today_rerun().encode("utf-8"))
    figures.update(today_polygons=len(today.features), today_payload_bytes=p_today, today_rerun_ms=round(t_today * 1000, 1))
    print(f"today's map ({len(today.features)} polygons): payload {p_today / 1024:.0f} KiB, rerun {common.ms(t_today)}")

    measure = next(m for m in map_data.measures(run, [common.synthetic.area_id(i) for i in range(1, n + 1)], "syn")
                   if m.key == common.synthetic.indicator_id(1))
    year = measure.years[-1]
    for variant in ("as_is", "fixed"):
        layer, t_layer = synthetic_layer(n, fixed=variant == "fixed")
        rerun = rerun_fn(layer, run, measure, year, fixed=variant == "fixed")
        payload = rerun()
        t = best_of(rerun, rounds)
        parts = payload_parts(payload)
        size_b = len(payload.encode("utf-8"))
        per_poly = size_b / n
        figures[variant] = {"payload_bytes": size_b, "payload_share_of_raw": round(size_b / raw_bytes, 4),
                            "bytes_per_polygon": round(per_poly), "rerun_ms": round(t * 1000, 1),
                            "rerun_ratio_vs_today": round(t / t_today, 1), "layer_build_s": round(t_layer, 2),
                            "parts": parts}
        print(f"{n} polygons, {variant:<6}: payload {size_b / 1e6:.2f} MB ({size_b / raw_bytes:.1%} of the "
              f"{raw_bytes / 1e6:.1f} MB source; geometry {parts.get('geometry', 0) / 1e6:.2f} MB, properties "
              f"{parts.get('properties', 0) / 1e6:.2f} MB, labels {parts.get('labels', 0) / 1e6:.2f} MB), "
              f"{per_poly:.0f} B/polygon vs today's {p_today / len(today.features):.0f}; rerun {common.ms(t)} "
              f"({t / t_today:.1f}× today's); geometry built once in {t_layer:.1f} s (cached)")
    con.close()

    ok_payload = {}
    for variant in ("as_is", "fixed"):
        v = figures[variant]
        ok_payload[variant] = (v["payload_share_of_raw"] <= TARGET_PAYLOAD_SHARE
                               and v["bytes_per_polygon"] <= p_today / len(today.features))
    # Targets on the app's own path; "as_is" (the display path before map_simplify) is the before-figure.
    targets = {"payload_bounded_fixed": {"pass": ok_payload["fixed"]}}

    if not args.no_browser:
        try:
            paint = browser_part(n, db_path, 1 if args.quick else rounds, warm_up=not args.quick)
        except Exception as exc:  # noqa: BLE001 - the server-side figures still count; the failure is reported
            paint = {"error": f"{type(exc).__name__}: {str(exc)[:300]}"}
        figures["paint_s"] = ({k: (round(v, 3) if v != float("inf") else None) for k, v in paint.items()}
                              if "error" not in paint else paint)
        if "error" not in paint:
            figures["paint_fixed_shows"] = "image" if map_image.opens_as_image(n) else "deck"
            figures["paint_ratio_few_polygons"] = (round(paint["few"] / paint["bare"], 2)
                                                   if paint["few"] != float("inf") else None)
            print(f"first paint, the same map with 20 polygons: {paint['few']:.2f} s -> "
                  f"{paint['few'] / paint['bare']:.2f}× the bare page (deck.gl's fixed cost)")
            ratio = paint["fixed_interactive"] / paint["bare"]
            figures["paint_ratio_fixed_interactive"] = round(ratio, 2) if ratio != float("inf") else None
            print(f"first paint, the app's map of {n} polygons as the interactive deck (after its button): "
                  f"{paint['fixed_interactive']:.2f} s -> {ratio:.2f}× the bare page (not a target)")
            for variant in ("as_is", "fixed"):
                ratio = paint[variant] / paint["bare"]
                figures[f"paint_ratio_{variant}"] = round(ratio, 2) if ratio != float("inf") else None
                if variant == "fixed":
                    targets["paint_ratio_fixed"] = {"max": TARGET_PAINT_RATIO, "pass": ratio <= TARGET_PAINT_RATIO}
                shows = f" ({figures['paint_fixed_shows']})" if variant == "fixed" else ""
                print(f"first paint, {variant:<6}: map of {n} polygons{shows} {paint[variant]:.2f} s vs bare page "
                      f"{paint['bare']:.2f} s -> {ratio:.2f}× (target <= {TARGET_PAINT_RATIO:.0f}×)")
        else:
            print("browser part skipped:", paint["error"])
    figures["targets"] = targets
    common.last_line(figures)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Whole-page warm reruns as a user feels them: map, compare, trends and the presenter through app.py.

Each page is opened in one AppTest session of app.py (its sidebar, navigation and page), then rerun with
one widget changed per rerun, in turn: year, measure, area (each toggles between two values, and one
round of every change runs before timing, so the figures are warm reruns, not first visits). The same
is timed for a bare page (bench/apps/bare_page.py, one small selectbox) registered beside the app's
pages, and the bare page is rerun again just before each timed rerun of the other pages, so the ratio is what
the page adds to what every page pays, measured at the same load. At today's data and at the large
synthetic size (6 000 areas; compare and trends read synthetic areas through their URL, as in
bench_pages.py; the map gets a geography of the 6 000 synthetic polygons, see synthetic_geography).

The presenter gets a storyboard of one slide of each kind (map with a year, compare, trends): the
first step onto each slide is timed ("new slide"), then stepping back and forth over slides already
shown. The map page's warm rerun is also set against the naive map page (bench/apps/naive_map.py:
raw GeoJSON read with geopandas and a deck from full geometry on every rerun) in the same run.

Browser (Chromium, skipped with --no-browser or --quick): from an arrow key in the presenter to the
page settled, to a slide shown before and to a new one; and a widget change on map, compare, trends
and the bare page.

    python bench/bench_whole_pages.py [--quick] [--reruns 24] [--no-browser]

The last line is one JSON object of the figures with a ``targets`` object.
"""
from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402
from bench_pages import quiet, synthetic_views  # noqa: E402

TARGET_RATIO, TARGET_P95_RATIO = 3.0, 6.0        # page rerun median / p95 vs the bare page's
TARGET_NAIVE_SPEEDUP = 10.0                       # map page rerun vs the naive map page's
TARGET_PRESENTER_RATIO = 3.0                      # presenter step to a slide shown before vs bare
TARGET_BROWSER_SHOWN_MS, TARGET_BROWSER_NEW_MS = 300.0, 1000.0
SIZES = ("small", "large")
BARE_PATH = "bench/apps/bare_page.py"

# page key -> [(what, widget kind, widget key)] changed in turn, one per rerun
WIDGETS = {
    "bench_bare": [("choice", "selectbox", "bench-bare-choice")],
    # the measure goes there and back within a round, so the year slider is always the first measure's
    "map": [("year", "select_slider", "map_year"), ("measure", "selectbox", "map_measure"),
            ("area", "selectbox", "map_area_pick"), ("measure", "selectbox", "map_measure")],
    "compare": [("year", "selectbox", "cmp_year"), ("measure", "selectbox", "cmp_indicator"),
                ("area", "multiselect", "cmp_highlight"), ("measure", "selectbox", "cmp_indicator")],
    "trends": [("year", "selectbox", "trends-base"), ("measure", "selectbox", "trends-indicator"),
               ("area", "multiselect", "trends-areas"), ("measure", "selectbox", "trends-indicator")],
}


def register_bare_page(absolute: bool = False) -> None:
    """Add the bare page to the registry app.py builds its navigation from (this process only); absolute:
    every page's path made absolute, for bench/apps/app_with_bare.py, which does not live in the root."""
    import dataclasses

    from components import registry

    if "bench_bare" not in registry.PAGES_BY_KEY:
        spec = registry.PageSpec("bench_bare", BARE_PATH, "bare_page", "Tom sida", "Bare page")  # url = file name: AppTest
        registry.PAGES = registry.PAGES + (spec,)
    if absolute:
        registry.PAGES = tuple(dataclasses.replace(p, path=str(common.ROOT / p.path)) for p in registry.PAGES)
    registry.PAGES_BY_KEY = {p.key: p for p in registry.PAGES}


def synthetic_geography(n: int) -> None:
    """Offer the map a geography 'syn' of the large database's n synthetic areas (this process only), built
    as bench/apps/map_6000.py builds it (bench_map_scale.synthetic_layer: grid polygons through the app's
    display simplification), so the whole map page at the large size draws 6 000 polygons, not the real
    geographies. SYNTETISKA TESTDATA."""
    import bench_map_scale
    from sammanhallen.map import geographies

    if "syn" in geographies.GEOGRAPHIES:
        return
    geographies.GEOGRAPHIES["syn"] = geographies.GeographySpec(
        "syn", "SYNTETISKA TESTDATA (områden)", "SYNTHETIC TEST DATA (areas)", "district", False, "områden", "areas")
    real = geographies.load_geography

    def load_geography(key: str, vintage: str | None = None):
        return bench_map_scale.synthetic_layer(n, fixed=True)[0] if key == "syn" else real(key, vintage)

    geographies.load_geography = load_geography


def open_session(path: str, query: dict, timeout: int):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(common.ROOT / "app.py"), default_timeout=timeout)
    at.query_params["lang"] = "sv"
    for k, v in query.items():
        at.query_params[k] = v
    at.switch_page(path)
    at.run()
    return at


class Changer:
    """Changes one widget per call, there and back: a selectbox to the first of its candidate values (real
    option values from the database, see widget_values) that it offers and does not show now, then back; a
    select slider between its last two years; a multiselect's last item out and in (so after one round every
    value is warm)."""

    def __init__(self, candidates: dict[str, list]):
        self.candidates = candidates          # selectbox key -> real option values, most wanted first
        self.left: dict[str, object] = {}     # selectbox key -> the value it had before it was changed
        self.removed: dict[str, object] = {}  # multiselect key -> the value taken out

    def change(self, at, kind: str, key: str) -> None:
        if kind == "multiselect":
            widget = at.multiselect(key=key)
            if key in self.removed:
                widget.select(self.removed.pop(key))
            else:
                self.removed[key] = widget.value[-1]
                widget.unselect(self.removed[key])
            return
        widget = getattr(at, kind)(key=key)
        if kind == "select_slider":
            value = widget.value
            options = [type(value)(o) for o in widget.options]
            widget.set_value(options[-2] if value == options[-1] else options[-1])
            return
        # A real value, not a label: AppTest's select_index sets the label, which a format_func that is a
        # dict's .get turns into None.
        if key in self.left:
            widget.set_value(self.left.pop(key))
            return
        self.left[key] = widget.value
        widget.set_value(next(v for v in self.candidates[key] if v != widget.value and offered(widget, v)))


def offered(widget, value) -> bool:
    """Whether a selectbox shows this real value among its options (its label is one of them)."""
    try:
        return widget.format_func(value) in widget.options
    except Exception:  # noqa: BLE001 - a format_func that cannot label the value does not offer it
        return False


def widget_values(db: Path, page_key: str, query: dict) -> dict[str, list]:
    """Real option values for the page's selectboxes, from the database the page reads: indicators with
    the most values in the page's areas first, years latest first, area ids."""
    import duckdb

    from sammanhallen.compare import view as compare_view
    from sammanhallen.trends import view as trends_view

    defaults = {"compare": compare_view.DEFAULTS, "trends": trends_view.DEFAULTS}.get(page_key, {})
    areas = (query.get("areas") or defaults.get("areas", "")).split(",")
    indicator = query.get("indicator") or defaults.get("indicator", "")
    con = duckdb.connect(str(db), read_only=True)
    try:
        in_areas = "where area_id in (select unnest($areas))" if page_key != "map" else ""
        measures = [r[0] for r in con.execute(
            f"select indicator_id from observations {in_areas} group by 1 order by count(*) desc, 1",
            {"areas": areas} if in_areas else {}).fetchall()]
        years = [r[0] for r in con.execute(
            "select distinct year from observations where indicator_id = $ind and area_id in (select unnest($areas)) "
            "order by 1 desc", {"ind": indicator, "areas": areas}).fetchall()]
        area_ids = [r[0] for r in con.execute("select area_id from areas order by 1").fetchall()]
    finally:
        con.close()
    return {"map_measure": measures, "map_area_pick": area_ids, "cmp_indicator": measures, "cmp_year": years,
            "trends-indicator": measures, "trends-base": ["", *map(str, years)], "bench-bare-choice": list("abcd")}


def timed_reruns(at, page_key: str, reruns: int, candidates: dict[str, list],
                 bare=None) -> tuple[list[float], list[float], list[str]]:
    """(page rerun times, bare page rerun times, errors). bare: the bare page's (AppTest, Changer), rerun
    just before each timed page rerun, so both are timed at the same load on a shared machine."""
    changer, widgets = Changer(candidates), WIDGETS[page_key]
    errors: list[str] = []
    for i in range(2 * len(widgets)):  # warm: every widget to its other value and back
        _, kind, key = widgets[i % len(widgets)]
        changer.change(at, kind, key)
        at.run()
    times, bare_times = [], []
    for i in range(reruns):
        _, kind, key = widgets[i % len(widgets)]
        if bare is not None:
            bare[1].change(bare[0], "selectbox", "bench-bare-choice")
            t0 = time.perf_counter()
            bare[0].run()
            bare_times.append(time.perf_counter() - t0)
        try:
            changer.change(at, kind, key)
        except Exception as exc:  # noqa: BLE001 - a widget missing from the page is a finding
            errors.append(f"{page_key}: {key}: {type(exc).__name__}: {exc}"[:300])
        t0 = time.perf_counter()
        at.run()
        times.append(time.perf_counter() - t0)
        errors += [f"{page_key}: {str(e.value)[:300]}" for e in at.exception]
    return times, bare_times, sorted(set(errors))


def page_figures(times: list[float]) -> dict:
    return {"median": statistics.median(times), "p95": common.percentile(times, 95), "n": len(times)}


def storyboard() -> str:
    """One slide of each kind in a fresh user folder; returns the storyboard's name."""
    from sammanhallen.presenter.storyboard import StoryboardStore

    store = StoryboardStore()
    name = "Bench"
    store.add_slide(name, "map", {"geo": "sdo", "vintage": "2007-2019", "year": "2016"}, "Kartan")
    store.add_slide(name, "compare", {"indicator": "folkmangd", "areas": "0180,1280"}, "Jämförelsen")
    store.add_slide(name, "trends", {"indicator": "ekonomiskt_bistand_andel_befolkning",
                                     "areas": "0180,0180-sdo-spanga-tensta", "base": "2015"}, "Trenden")
    return name


def presenter_steps(reruns: int, timeout: int) -> tuple[list[float], list[float], list[str]]:
    """(first step onto each slide, steps to slides already shown, errors)."""
    from sammanhallen.presenter import pictures

    pictures.CACHE.clear()
    at = open_session("pages/presenter.py", {"board": storyboard(), "slide": "1"}, timeout)
    errors = [str(e.value)[:300] for e in at.exception]
    new = []
    for _ in range(2):  # onto slides 2 and 3 for the first time
        t0 = time.perf_counter()
        at.button(key="presenter-next").click().run()
        new.append(time.perf_counter() - t0)
    shown, direction = [], "prev"
    for _ in range(reruns):
        if at.button(key=f"presenter-{direction}").disabled:
            direction = "next" if direction == "prev" else "prev"
        t0 = time.perf_counter()
        at.button(key=f"presenter-{direction}").click().run()
        shown.append(time.perf_counter() - t0)
        errors += [str(e.value)[:300] for e in at.exception]
    return new, shown, sorted(set(errors))


def naive_map_reruns(reruns: int, timeout: int) -> list[float]:
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(common.BENCH / "apps" / "naive_map.py"), default_timeout=timeout)
    at.run()
    times = []
    for i in range(reruns):
        at.selectbox(key="naive-year").select_index(i % 4)
        t0 = time.perf_counter()
        at.run()
        times.append(time.perf_counter() - t0)
    return times


OBSERVE = """() => {
  if (window.__benchRuns === undefined) {
    window.__benchRuns = 0;
    // Every record whose old value is 'running' is a run that ended: a fast run can start and end within
    // one batch of records, so reading the attribute now would miss it.
    new MutationObserver(records => {
      window.__benchRuns += records.filter(r => r.oldValue === 'running').length;
    }).observe(document.body, {subtree: true, attributes: true, attributeFilter: ['data-test-script-state'],
                               attributeOldValue: true});  // the whole body: React may replace the element
  }
  return window.__benchRuns;
}"""
SETTLED = """(n) => window.__benchRuns > n && [...document.images].every(i => i.complete)
  && document.querySelector('[data-test-script-state]').getAttribute('data-test-script-state') === 'notRunning'"""


def settle_ms(page, act) -> float:
    """Milliseconds from act() to the script run it starts finished and every image on the page loaded."""
    time.sleep(0.3)  # let the previous run's last messages land, so this act starts a run of its own
    before = page.evaluate(OBSERVE)
    t0 = time.perf_counter()
    act()
    page.wait_for_function(SETTLED, arg=before, polling="raf", timeout=30000)
    return (time.perf_counter() - t0) * 1000


def press_ms(page, key: str, errors: list[str]) -> list[float]:
    """[ms from the key to settled], or [] with the finding in errors if no run settled within a minute."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        return [settle_ms(page, lambda: page.keyboard.press(key))]
    except PlaywrightTimeout:
        errors.append(f"browser: {key} at {page.url.split('?')[-1]}: no run settled within 30 s")
        return []


def slide_in_url(page) -> int:
    return int(re.search(r"[?&]slide=(\d+)", page.url).group(1))


def presenter_browser(page, url: str, board: str, repeat: int, errors: list[str]) -> dict:
    """Arrow keys: onto slides 2 and 3 for the first time (also on two screen sizes not drawn yet), then
    back and forth over slides already shown (the direction read from the URL's slide number)."""
    from tests.browser.conftest import wait_until_settled

    page.goto(f"{url}/presentation?board={board}&slide=1&screen=1600×900")
    wait_until_settled(page)
    new = press_ms(page, "ArrowRight", errors) + press_ms(page, "ArrowRight", errors)
    # The slide we are on, counted from the steps that settled: the URL's slide number is written a moment
    # after the run settles (reading it at once sent ArrowLeft on the first slide); after a step that did not
    # settle in 30 s the URL is read again.
    slide, key = (3 if len(new) == 2 else slide_in_url(page)), "ArrowLeft"
    shown = []
    for _ in range(repeat):
        if slide in (1, 3):
            key = "ArrowRight" if slide == 1 else "ArrowLeft"
        step = press_ms(page, key, errors)
        shown += step
        slide = slide + (1 if key == "ArrowRight" else -1) if step else slide_in_url(page)
    for screen in ("1280×720", "1920×1080"):
        page.goto(f"{url}/presentation?board={board}&slide=1&screen={screen}")
        wait_until_settled(page)
        new += press_ms(page, "ArrowRight", errors) + press_ms(page, "ArrowRight", errors)
    return {"presenter_new_ms": statistics.median(new or [float("nan")]),
            "presenter_shown_ms": statistics.median(shown or [float("nan")])}


def widgets_browser(page, pages: tuple, repeat: int, errors: list[str]) -> dict:
    """A selectbox set to another option (the list opened untimed) on each (key, address, widget key)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from tests.browser.conftest import wait_until_settled

    out = {}
    for key, address, widget in pages:
        page.goto(address)
        wait_until_settled(page)
        times = []
        for _ in range(max(3, repeat // 2)):
            page.locator(f".st-key-{widget} input[role=combobox]").first.click()
            other = page.locator("[role=option]:not([aria-selected=true])").first
            try:  # the list is drawn with the current option marked, so `other` is not the current one
                page.locator("[role=option][aria-selected=true]").first.wait_for(timeout=5000)
            except PlaywrightTimeout:
                pass  # a long list may not draw the current option; `other` is then any drawn option
            other.wait_for(timeout=30000)
            try:
                times.append(settle_ms(page, other.click))
            except PlaywrightTimeout:
                errors.append(f"browser: {key}: {widget}: no run settled within 30 s")
        out[f"{key}_widget_ms"] = statistics.median(times or [float("nan")])
    return out


def browser_figures(db: Path, repeat: int, errors: list[str]) -> dict:
    """Arrow keys in the presenter and one widget change per page, in headless Chromium."""
    sys.path.insert(0, str(common.ROOT))
    from playwright.sync_api import sync_playwright
    from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS

    env = {**os.environ, "DASHBOARD_DB": str(db)}
    board = storyboard()
    proc, url = common.start_streamlit(common.ROOT / "app.py", env, common.ROOT)
    # The bare page inside app.py's navigation and sidebar: bench/apps/app_with_bare.py
    bare_proc, bare_url = common.start_streamlit(common.BENCH / "apps" / "app_with_bare.py", env, common.ROOT)
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1600, "height": 900})
            out = presenter_browser(page, url, board, repeat, errors)
            out.update(widgets_browser(page, (
                ("bench_bare", f"{bare_url}/bare_page", "bench-bare-choice"), ("map", f"{url}/karta", "map_measure"),
                ("compare", f"{url}/jamfor", "cmp_indicator"), ("trends", f"{url}/trender", "trends-indicator")),
                repeat, errors))
            browser.close()
    finally:
        common.stop_streamlit(bare_proc)
        common.stop_streamlit(proc)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="tiny sizes, few reruns, no browser (for tests)")
    parser.add_argument("--reruns", type=int, default=24)
    parser.add_argument("--no-browser", action="store_true")
    args = parser.parse_args(argv)
    quiet()
    os.environ.setdefault("BOUNDARIES_MIRROR", str(common.ROOT.parent / "shared" / "geodata"))
    os.environ["DASHBOARD_USER_DIR"] = tempfile.mkdtemp(prefix="bench-user-")
    register_bare_page()
    reruns = 4 if args.quick else args.reruns
    timeout = 120 if args.quick else 300
    dbs = {s: common.database(s, args.quick) for s in SIZES}
    errors: list[str] = []
    pages: dict[tuple[str, str], dict] = {}  # (page key, size) -> figures
    presenter: dict[str, dict] = {}
    for size_name in SIZES:
        os.environ["DASHBOARD_DB"] = str(dbs[size_name])
        size = common.size_of(size_name, args.quick)
        views = synthetic_views(size)
        if size is not None:  # the map at the large size: its synthetic areas, not the real geographies
            synthetic_geography(size.areas)
            views["map"] = {"geo": "syn"}
        bare = None
        for key in ("bench_bare", "map", "compare", "trends"):
            path = BARE_PATH if key == "bench_bare" else f"pages/{key}.py"
            try:
                at = open_session(path, views.get(key, {}), timeout)
                if key == "map" and views.get("map") and at.selectbox(key="map_geo").value != "syn":
                    errors.append(f"map [{size_name}]: shows {at.selectbox(key='map_geo').value}, not the synthetic areas")
                candidates = widget_values(dbs[size_name], key, views.get(key, {}))
                times, bare_times, errs = timed_reruns(at, key, reruns, candidates, bare)
                if key == "bench_bare":  # kept open: rerun beside every other page's reruns
                    bare = (at, Changer(candidates))
            except Exception as exc:  # noqa: BLE001 - a page that blows up is a finding
                times, bare_times, errs = [float("nan")], [], [f"{key}: {type(exc).__name__}: {exc}"[:300]]
            pages[(key, size_name)] = page_figures(times)
            if bare_times:
                pages[(key, size_name)]["bare_median"] = statistics.median(bare_times)
            errors += errs
            print(f"[{size_name}] {key:<10} median {pages[(key, size_name)]['median'] * 1000:7.0f} ms  "
                  f"p95 {pages[(key, size_name)]['p95'] * 1000:7.0f} ms", file=sys.stderr, flush=True)
        new, shown, errs = presenter_steps(reruns, timeout)
        errors += [f"presenter: {e}" for e in errs]
        presenter[size_name] = {"new": statistics.median(new), "shown": statistics.median(shown),
                                "shown_p95": common.percentile(shown, 95)}
        print(f"[{size_name}] presenter  new {presenter[size_name]['new'] * 1000:7.0f} ms  shown "
              f"{presenter[size_name]['shown'] * 1000:7.0f} ms", file=sys.stderr, flush=True)
    os.environ["DASHBOARD_DB"] = str(dbs["small"])
    naive = statistics.median(naive_map_reruns(max(3, reruns // 2), timeout))
    browser = {} if (args.quick or args.no_browser) else browser_figures(dbs["small"], 10, errors)

    ratios, p95_ratios = {}, {}
    print("Load average (1, 5, 15 min) at the end of the run: " + ", ".join(f"{x:.1f}" for x in os.getloadavg())
          + f" on {os.cpu_count()} cores shared with other users: the absolute times are inflated by that load, the"
          " ratios less so (each page and its bare page run at about the same load).")
    print("\n## Whole pages: warm AppTest rerun through app.py, one widget changed per rerun (ms)\n")
    print("The bare page is rerun just before each timed page rerun; × bare divides by the median of those bare "
          "reruns (the same minutes, the same load).\n")
    print("| page | size | median | p95 | bare median beside it | median × bare | p95 × bare | target |")
    print("|---|---|---:|---:|---:|---:|---:|---|")
    for size_name in SIZES:
        for key in ("bench_bare", "map", "compare", "trends"):
            f = pages[(key, size_name)]
            bare_median = f.get("bare_median", pages[("bench_bare", size_name)]["median"])
            r, r95 = f["median"] / bare_median, f["p95"] / bare_median
            verdict = ""
            if key != "bench_bare":
                ratios[f"{key}:{size_name}"], p95_ratios[f"{key}:{size_name}"] = r, r95
                verdict = "PASS" if r <= TARGET_RATIO and r95 <= TARGET_P95_RATIO else "MISS"
            print(f"| {key} | {size_name} | {f['median'] * 1000:.0f} | {f['p95'] * 1000:.0f} | {bare_median * 1000:.0f} | {r:.1f}× | "
                  f"{r95:.1f}× | {verdict} |")
    print("\n## Presenter: step with the arrow button (AppTest, ms)\n")
    print("| size | new slide | slide shown before | p95 shown | shown × bare | target |")
    print("|---|---:|---:|---:|---:|---|")
    pres_ratio = {}
    for size_name in SIZES:
        p, bare = presenter[size_name], pages[("bench_bare", size_name)]["median"]
        pres_ratio[size_name] = p["shown"] / bare
        print(f"| {size_name} | {p['new'] * 1000:.0f} | {p['shown'] * 1000:.0f} | {p['shown_p95'] * 1000:.0f} | "
              f"{pres_ratio[size_name]:.1f}× | {'PASS' if pres_ratio[size_name] <= TARGET_PRESENTER_RATIO else 'MISS'} |")
    map_ms = pages[("map", "small")]["median"]
    speedup = naive / map_ms
    print(f"\nmap page warm rerun {map_ms * 1000:.0f} ms vs naive map page {naive * 1000:.0f} ms: "
          f"{speedup:.1f}× faster (target ≥ {TARGET_NAIVE_SPEEDUP:.0f}×)")
    if browser:
        print("\n## Browser: Chromium, from the key or the choice to the page settled (median, ms)\n")
        print("| what | ms |\n|---|---:|")
        for k, v in browser.items():
            print(f"| {k} | {v:.0f} |")
    for e in errors:
        print("ERROR", e)
    targets = {
        "rerun_ratio": {"max": TARGET_RATIO, "pass": all(v <= TARGET_RATIO for v in ratios.values())},
        "rerun_p95_ratio": {"max": TARGET_P95_RATIO, "pass": all(v <= TARGET_P95_RATIO for v in p95_ratios.values())},
        "map_vs_naive": {"min": TARGET_NAIVE_SPEEDUP, "pass": speedup >= TARGET_NAIVE_SPEEDUP},
        "presenter_shown_ratio": {"max": TARGET_PRESENTER_RATIO,
                                  "pass": all(v <= TARGET_PRESENTER_RATIO for v in pres_ratio.values())},
    }
    if browser:
        targets["browser_presenter_shown_ms"] = {"max": TARGET_BROWSER_SHOWN_MS,
                                                 "pass": browser["presenter_shown_ms"] <= TARGET_BROWSER_SHOWN_MS}
        targets["browser_presenter_new_ms"] = {"max": TARGET_BROWSER_NEW_MS,
                                               "pass": browser["presenter_new_ms"] <= TARGET_BROWSER_NEW_MS}
    common.last_line({
        "benchmark": "whole_pages", "quick": args.quick, "load_1min": round(os.getloadavg()[0], 1),
        "rerun_ratio": {k: round(v, 2) for k, v in ratios.items()},
        "rerun_p95_ratio": {k: round(v, 2) for k, v in p95_ratios.items()},
        "rerun_ms": {f"{k}:{s}": round(f["median"] * 1000, 1) for (k, s), f in pages.items()},
        "bare_beside_ms": {f"{k}:{s}": round(f["bare_median"] * 1000, 1) for (k, s), f in pages.items() if "bare_median" in f},
        "presenter_ms": {f"{s}:{k}": round(v * 1000, 1) for s, p in presenter.items() for k, v in p.items()},
        "presenter_shown_ratio": {k: round(v, 2) for k, v in pres_ratio.items()},
        "map_vs_naive": round(speedup, 1), "naive_map_ms": round(naive * 1000, 1),
        "browser_ms": {k: round(v, 1) for k, v in browser.items()},
        "errors": errors, "targets": targets,
    })
    return 0


if __name__ == "__main__":
    sys.exit(main())

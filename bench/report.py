"""Run every benchmark and write bench/REPORT.md (regenerated) with machine info and PASS/MISS per target.

    python bench/report.py                 # all benchmarks (about 12 minutes on an idle 2-core machine)
    python bench/report.py --quick         # tiny sizes, to check the machinery (report to --out)
    python bench/report.py --only queries,pages   # rerun these; the others come from their last run

Each benchmark's result is also kept in ``$BENCH_DIR/results/<name>.json`` (see bench/common.py), so
``--only`` rewrites the whole report with fresh figures for the benchmarks it ran.

Each benchmark is a script that prints Markdown tables and ends with one JSON object of its figures on
its last line (``"targets": {name: {"pass": bool, ...}}``); this script collects those lines. A benchmark
that fails or times out is reported as such, and the others still run.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent

BENCHMARKS = {  # name -> (script, what it measures)
    "map": ("bench_map.py", "Map page rerun and payload on today's data vs a naive implementation"),
    "queries": ("bench_queries.py", "Every query at three data sizes; page queries vs naive pandas"),
    "pages": ("bench_pages.py", "AppTest server-side run of every page, today's data vs large"),
    "map_scale": ("bench_map_scale.py", "Map at 6 000 polygons: payload, rerun, first paint in Chromium"),
    "sessions": ("bench_sessions.py", "N = 1, 5, 20 concurrent browser sessions on one server"),
    "whole_pages": ("bench_whole_pages.py", "Whole-page warm reruns (map, compare, trends, presenter) vs a bare page"),
    "sessions_ws": ("bench_sessions_ws.py", "N = 1, 5, 20 clients replaying one browser session over websockets"),
}
TARGET_TEXT = {
    "map:rerun_speedup": "map rerun ≥ 10× faster than the naive implementation",
    "map:payload_ratio": "map payload ≤ 25 % of the raw GeoJSON",
    "queries:slowest_ratio": "slowest query at large ≤ 5× the slowest on today's data",
    "queries:pandas_speedup_large": "DuckDB ≥ 5× faster than naive pandas at large (five page queries)",
    "queries:slowest_ratio_proposed": "the same, with any rewritten queries waiting in bench/proposed",
    "queries:pandas_speedup_large_proposed": "DuckDB ≥ 5× faster than pandas, with any bench/proposed queries",
    "pages:worst_rerun_ratio": "every page's warm rerun at large < 3× today's",
    "map_scale:payload_bounded_fixed": "payload at 6 000 polygons bounded (≤ 10 % of source, ≤ today's bytes/polygon)",
    "map_scale:paint_ratio_fixed": "first map paint at 6 000 polygons ≤ 2× a bare page",
    "whole_pages:rerun_ratio": "map, compare, trends warm rerun ≤ 3× a bare page (today's data and 6 000 areas)",
    "whole_pages:rerun_p95_ratio": "map, compare, trends p95 rerun ≤ 6× a bare page's median",
    "whole_pages:map_vs_naive": "map page warm rerun ≥ 10× faster than the naive map page",
    "whole_pages:presenter_shown_ratio": "presenter step to a slide shown before ≤ 3× a bare page",
    "whole_pages:browser_presenter_shown_ms": "arrow key to a slide shown before settled in Chromium ≤ 300 ms",
    "whole_pages:browser_presenter_new_ms": "arrow key to a new slide settled in Chromium ≤ 1 s",
    "sessions:p95_ratio_top": "p95 server response at N = 20 ≤ 3× N = 1 (and every request answered)",
}


def results_dir(quick: bool) -> Path:
    sys.path.insert(0, str(BENCH))
    import common  # noqa: E402

    path = common.bench_dir() / ("results-quick" if quick else "results")
    path.mkdir(parents=True, exist_ok=True)
    return path


def machine_info() -> dict:
    info = {"date": dt.datetime.now().strftime("%Y-%m-%d %H:%M"), "python": platform.python_version(),
            "platform": platform.platform(), "cores": os.cpu_count()}
    try:
        cpu = Path("/proc/cpuinfo").read_text()
        info["cpu"] = re.search(r"model name\s*:\s*(.*)", cpu).group(1).strip()
    except (OSError, AttributeError):
        info["cpu"] = platform.processor() or "unknown"
    try:
        mem = Path("/proc/meminfo").read_text()
        info["memory_gib"] = round(int(re.search(r"MemTotal:\s*(\d+)", mem).group(1)) / 1024 ** 2, 1)
    except (OSError, AttributeError):
        info["memory_gib"] = None
    for module in ("duckdb", "streamlit", "pandas", "pydeck", "geopandas", "playwright"):
        try:
            info[module] = __import__(module).__version__
        except Exception:  # noqa: BLE001
            try:
                from importlib.metadata import version

                info[module] = version(module)
            except Exception:  # noqa: BLE001
                info[module] = "?"
    try:
        info["chromium"] = subprocess.run(["/usr/bin/chromium", "--version"], capture_output=True, text=True,
                                          timeout=30).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        info["chromium"] = "missing"
    return info


def run_benchmark(script: str, quick: bool, timeout_s: float) -> tuple[str, dict | None, float, str]:
    """(stdout without the JSON line, figures or None, seconds, problem)."""
    cmd = [sys.executable, str(BENCH / script)] + (["--quick"] if quick else [])
    t0 = time.monotonic()
    try:
        done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=timeout_s)
    except subprocess.TimeoutExpired as exc:
        out = exc.stdout.decode(errors="replace") if isinstance(exc.stdout, bytes) else (exc.stdout or "")
        return out, None, time.monotonic() - t0, f"timed out after {timeout_s:.0f} s"
    elapsed = time.monotonic() - t0
    lines = done.stdout.rstrip().splitlines()
    figures = None
    if lines:
        try:
            figures = json.loads(lines[-1])
            lines = lines[:-1]
        except json.JSONDecodeError:
            figures = None
    problem = "" if done.returncode == 0 and figures is not None else \
        f"exit {done.returncode}; " + done.stderr.strip()[-1500:]
    return "\n".join(lines), figures, elapsed, problem


def _flat(figures: dict, prefix: str = "") -> list[tuple[str, object]]:
    out = []
    for k, v in figures.items():
        if k in ("targets", "benchmark", "errors", "parts"):
            continue
        if isinstance(v, dict):
            if len(v) > 12:
                continue  # per-query dictionaries are in the printed tables
            out += _flat(v, f"{prefix}{k}.")
        elif not isinstance(v, list):
            out.append((prefix + k, v))
    return out


def render(results: dict, info: dict, load: tuple, quick: bool) -> str:
    lines = ["# Benchmarks", "",
             "Regenerated by `make bench` (`python bench/report.py`); do not edit by hand. Synthetic data "
             "(bench/synthetic.py) lives only in the bench tmp folder and is marked SYNTETISKA TESTDATA.", ""]
    if quick:
        lines += ["**Quick mode: tiny sizes, figures only check the machinery.**", ""]
    lines += ["## Machine", "", "| | |", "|---|---|"]
    for k in ("date", "cpu", "cores", "memory_gib", "platform", "python", "duckdb", "streamlit", "pandas", "pydeck",
              "geopandas", "playwright", "chromium"):
        lines.append(f"| {k} | {info.get(k)} |")
    lines.append(f"| load average (1 min) before / after | {load[0]:.1f} / {load[1]:.1f} |")
    lines += ["", "Other processes on the machine share its two cores; the load average says how much.", ""]

    lines += ["## Targets", "", "| benchmark | target | result |", "|---|---|---|"]
    for name, r in results.items():
        figures = r["figures"] or {}
        targets = figures.get("targets") or {}
        if r["problem"] and not targets:
            first = " ".join(r["problem"].split())[-200:]
            lines.append(f"| {name} | – | FAILED: {first.replace('|', '/')} |")
        for tname, t in targets.items():
            text = TARGET_TEXT.get(f"{name}:{tname}", tname)
            lines.append(f"| {name} | {text} | {'PASS' if t.get('pass') else 'MISS'} |")
    lines.append("")

    for name, r in results.items():
        script, what = BENCHMARKS[name]
        when = f", run {r['date']}, load average {r['load'][0]} → {r['load'][1]}" if r.get("date") else ""
        lines += [f"## {name}: {what}", "", f"`bench/{script}`, {r['seconds']:.0f} s{when}.", ""]
        if r["problem"]:
            lines += ["```", r["problem"][-1500:], "```", ""]
        if r["figures"]:
            lines += ["| figure | value |", "|---|---|"]
            lines += [f"| {k} | {v} |" for k, v in _flat(r["figures"])]
            lines.append("")
        text = r["stdout"].strip()
        if text:
            text = re.sub(r"^## ", "### ", text, flags=re.MULTILINE)
            lines += [text, ""]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--only", default="", help="comma-separated benchmark names: " + ",".join(BENCHMARKS))
    parser.add_argument("--timeout", type=float, default=900.0, help="seconds per benchmark")
    parser.add_argument("--out", type=Path, default=None, help="default bench/REPORT.md (quick: a tmp file)")
    args = parser.parse_args(argv)
    names = [n for n in (args.only.split(",") if args.only else BENCHMARKS) if n]
    unknown = set(names) - set(BENCHMARKS)
    if unknown:
        parser.error(f"unknown benchmark(s): {sorted(unknown)}")
    out = args.out or (Path(os.environ.get("TMPDIR", "/tmp")) / "sammanhallen-bench-REPORT.md" if args.quick
                       else BENCH / "REPORT.md")
    info = machine_info()
    load_before = os.getloadavg()[0]
    saved = results_dir(args.quick)
    results = {}
    for name in names:
        script = BENCHMARKS[name][0]
        print(f"running {script} ...", file=sys.stderr, flush=True)
        load0 = os.getloadavg()[0]
        stdout, figures, seconds, problem = run_benchmark(script, args.quick, args.timeout)
        results[name] = {"stdout": stdout, "figures": figures, "seconds": seconds, "problem": problem,
                         "date": dt.datetime.now().strftime("%Y-%m-%d %H:%M"),
                         "load": [round(load0, 1), round(os.getloadavg()[0], 1)]}
        (saved / f"{name}.json").write_text(json.dumps(results[name], ensure_ascii=False), encoding="utf-8")
        verdict = ", ".join(f"{k} {'PASS' if v.get('pass') else 'MISS'}"
                            for k, v in ((figures or {}).get("targets") or {}).items()) or problem[:200]
        print(f"  {name}: {seconds:.0f} s; {verdict}", file=sys.stderr, flush=True)
    load_after = os.getloadavg()[0]
    if args.only:  # the benchmarks not run now: their last saved result, in the usual order
        for name in BENCHMARKS:
            path = saved / f"{name}.json"
            if name not in results and path.exists():
                results[name] = json.loads(path.read_text(encoding="utf-8"))
        results = {name: results[name] for name in BENCHMARKS if name in results}
    out.write_text(render(results, info, (load_before, load_after), args.quick), encoding="utf-8")
    print(f"wrote {out}", file=sys.stderr)
    summary = {name: {k: v.get("pass") for k, v in ((r["figures"] or {}).get("targets") or {}).items()}
               for name, r in results.items()}
    print(json.dumps({"benchmark": "report", "report": str(out), "targets": summary}, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())

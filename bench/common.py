"""Shared helpers of the benchmarks: synthetic databases in a bench tmp folder, timing, JSON last line.

Databases are generated once per folder and reused while data/*.csv, queries/models/*.sql and
bench/synthetic.py are unchanged (a fingerprint file sits beside each database). The folder defaults to
``$BENCH_DIR`` or ``<tmp>/sammanhallen-bench``; it never is data/.
"""
from __future__ import annotations

import hashlib
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH = Path(__file__).resolve().parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
if str(BENCH) not in sys.path:
    sys.path.insert(0, str(BENCH))

import synthetic  # noqa: E402

QUICK_SIZES = {"small": None, "medium": synthetic.Size(60, 3, 3), "large": synthetic.Size(300, 4, 4)}


def bench_dir() -> Path:
    path = Path(os.environ.get("BENCH_DIR") or Path(tempfile.gettempdir()) / "sammanhallen-bench")
    path.mkdir(parents=True, exist_ok=True)
    return path


def _fingerprint(size) -> str:
    h = hashlib.sha256(repr(size).encode())
    files = sorted((ROOT / "data").glob("*.csv")) + sorted((ROOT / "queries" / "models").glob("*.sql"))
    files += sorted((BENCH / "proposed" / "models").glob("*.sql"))
    files += [BENCH / "synthetic.py", ROOT / "sammanhallen" / "data" / "schema.py", ROOT / "sammanhallen" / "data" / "build.py"]
    for f in files:
        h.update(f.name.encode())
        h.update(f.read_bytes())
    return h.hexdigest()


def database(size_name: str, quick: bool = False) -> Path:
    """Path of the benchmark database of that size, generated if missing or stale."""
    size = (QUICK_SIZES if quick else synthetic.SIZES)[size_name]
    name = f"{'quick-' if quick else ''}{size_name}.duckdb"
    path = bench_dir() / name
    stamp = path.with_suffix(".fingerprint")
    fp = _fingerprint(size)
    if not (path.exists() and stamp.exists() and stamp.read_text() == fp):
        synthetic.generate(path, size)
        stamp.write_text(fp)
    return path


def size_of(size_name: str, quick: bool = False):
    return (QUICK_SIZES if quick else synthetic.SIZES)[size_name]


def median_time(fn, repeat: int = 5, warmup: int = 1) -> float:
    """Median wall time of fn() in seconds over `repeat` warm runs."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def percentile(values, q: float) -> float:
    """Nearest-rank percentile (q in 0..100) of a non-empty list."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = max(0, min(len(ordered) - 1, int(round(q / 100 * len(ordered) + 0.5)) - 1))
    return ordered[k]


def last_line(figures: dict) -> None:
    """Every benchmark ends with one JSON object of its figures on its last line."""
    sys.stdout.flush()
    print(json.dumps(figures, ensure_ascii=False, default=float), flush=True)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def start_streamlit(script, env: dict, cwd, extra_args: tuple[str, ...] = (),
                    launcher: tuple[str, ...] = ("-m", "streamlit")) -> tuple[subprocess.Popen, str]:
    """`streamlit run <script>` on a free loopback port; returns once its health endpoint answers.
    ``launcher``: what follows the Python executable (``("bench/streamlit_timed.py",)`` times reruns)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    # Output to a file: an unread pipe fills up under many sessions' log lines and stalls the server.
    log = tempfile.NamedTemporaryFile(prefix="bench-streamlit-", suffix=".log", delete=False)
    proc = subprocess.Popen(
        [sys.executable, *launcher, "run", str(script), "--server.port", str(port), "--server.address",
         "127.0.0.1", "--server.headless", "true", *extra_args],
        cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT)
    log.close()
    proc.log_path = log.name
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=1) as answer:
                if answer.status == 200:
                    return proc, url
        except OSError:
            time.sleep(0.2)
        if proc.poll() is not None:
            break
    proc.kill()
    output = Path(proc.log_path).read_text(encoding="utf-8", errors="replace")[-2000:]
    raise RuntimeError(f"streamlit run {script} did not start: {output}")


def stop_streamlit(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=5)

"""Bench only: app.py as it is, with the bare page (bench/apps/bare_page.py) added to its navigation, so in
the browser the bare page pays the same sidebar and navigation as the app's pages. Served by
bench/bench_whole_pages.py with the repository root as working folder; the page paths are made absolute
because Streamlit reads them relative to this script's folder, not the repository root."""
import runpy
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
for folder in (str(ROOT), str(ROOT / "bench")):
    if folder not in sys.path:
        sys.path.insert(0, folder)

import bench_whole_pages  # noqa: E402

bench_whole_pages.register_bare_page(absolute=True)
runpy.run_path(str(ROOT / "app.py"), run_name="__main__")

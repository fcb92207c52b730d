"""Build data/dashboard.duckdb from the CSV tables in data/.

Validates everything first, writes into a temporary file next to the target and only then
replaces the previous database in one atomic step: a broken CSV never leaves a half-built or
missing database behind. Committed imports (`sammanhallen/data_import/store.py`) are replayed on top of
the CSV tables, so rebuilding the app's database keeps them.

    python -m sammanhallen.data.build [--data-dir data] [--out data/dashboard.duckdb] [--imports-dir DIR]
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

import duckdb

from sammanhallen.data_import import store as import_store
from sammanhallen.paths import DATA_DIR, DEFAULT_DB, QUERY_DIR
from sammanhallen.data.schema import TABLES
from sammanhallen.risk_index.materialise import materialise
from sammanhallen.risk_index.presets import PresetError
from sammanhallen.data.validate import ValidationError, load_and_validate


def create_table(con: duckdb.DuckDBPyConnection, table, frame) -> None:
    columns = ", ".join(f'"{c.name}" {c.sql_type}{" NOT NULL" if c.required else ""}' for c in table.columns)
    key = ", ".join(table.key)
    con.execute(f"CREATE TABLE {table.name} ({columns}, PRIMARY KEY ({key}))")
    if len(frame):
        con.register("incoming", frame)
        select = ", ".join(f'CAST("{c.name}" AS {c.sql_type})' for c in table.columns)
        con.execute(f"INSERT INTO {table.name} SELECT {select} FROM incoming")
        con.unregister("incoming")


def build(data_dir: Path = DATA_DIR, out: Path = DEFAULT_DB, imports_dir: Path | None = None, *,
          layers: list[import_store.Layer] | None = None) -> dict[str, int]:
    """Validate and build; returns row counts per table. Raises ValidationError on bad input.

    Replays the committed imports in `imports_dir`; without it, those in `user_dir()/imports` only
    when `out` is the app's database (see `import_store.layers_for_build`). `layers` (for the
    importer) replays exactly the given layers instead.
    """
    frames = load_and_validate(Path(data_dir))
    with import_store.layers_for_build(out, imports_dir, layers) as replayed:
        return _write(import_store.replay(frames, replayed), Path(out))


def _write(frames, out: Path) -> dict[str, int]:
    """Create every table and view in a temporary file, then move it over `out` in one step."""
    out.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp_name = tempfile.mkstemp(prefix=out.name + ".", suffix=".tmp", dir=out.parent)
    os.close(handle)
    os.unlink(tmp_name)  # duckdb wants to create the file itself
    try:
        con = duckdb.connect(tmp_name)
        try:
            for table in TABLES:
                create_table(con, table, frames[table.name])
            models = [m.read_text(encoding="utf-8") for m in sorted((QUERY_DIR / "models").glob("*.sql"))]
            for model in models:
                con.execute(model)
            # The dashboard's own risk index, one measure per shipped preset (data/index_presets/*.json),
            # computed from the tables just written through the views; adds indicators/sources/
            # observations rows and the table index_components (sammanhallen/risk_index/materialise.py).
            materialise(con)
            for model in models:  # again (create or replace), so the pre-aggregated summaries count the index
                con.execute(model)
            counts = {t.name: con.execute(f"SELECT count(*) FROM {t.name}").fetchone()[0] for t in TABLES}
            con.execute("CHECKPOINT")
        finally:
            con.close()
        os.replace(tmp_name, out)
    finally:
        for leftover in (tmp_name, tmp_name + ".wal"):
            if os.path.exists(leftover):
                os.unlink(leftover)
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=DATA_DIR)
    parser.add_argument("--out", type=Path, default=DEFAULT_DB)
    parser.add_argument("--imports-dir", type=Path, default=None,
                        help="replay the committed imports here (default: data/user/imports when --out is the app's database)")
    args = parser.parse_args(argv)
    try:
        counts = build(args.data_dir, args.out, args.imports_dir)
    except (ValidationError, PresetError) as exc:
        print(f"Build stopped; {args.out} was left as it was.\n{exc}", file=sys.stderr)
        return 1
    width = max(map(len, counts))
    for name, count in counts.items():
        print(f"{name:<{width}}  {count:>6} rows")
    print(f"Built {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

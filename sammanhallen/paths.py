"""Where things live. Environment variables let tests and deployments point elsewhere."""
from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = ROOT / "data"
QUERY_DIR = ROOT / "queries"
DEFAULT_DB = Path(os.environ.get("DASHBOARD_DB", DATA_DIR / "dashboard.duckdb"))
USER_DIR = Path(os.environ.get("DASHBOARD_USER_DIR", DATA_DIR / "user"))


def database_path() -> Path:
    """The database the app reads; read at call time so tests can point it elsewhere."""
    return Path(os.environ.get("DASHBOARD_DB", DATA_DIR / "dashboard.duckdb"))


def user_dir() -> Path:
    """Where the app keeps what users make (storyboards, imported boundaries); git-ignored."""
    return Path(os.environ.get("DASHBOARD_USER_DIR", DATA_DIR / "user"))

"""The source documents in ../shared/sources, which the project does not ship.

Tests that check the app's text against them are skipped, with the reason, where that folder is absent.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

SOURCES = Path(os.environ.get("SHARED_SOURCES") or Path(__file__).resolve().parents[2] / "shared" / "sources")
BOVERKET_2014_17 = "004_60401c7485313cc5.txt"
PROGRAMME_2015_2020 = "000_e2d6dff415652b93.txt"


def source_text(file_name: str) -> str:
    path = SOURCES / file_name
    if not path.exists():
        pytest.skip(f"source document {path} not present (../shared/sources is optional; set SHARED_SOURCES)")
    return path.read_text(encoding="utf-8")

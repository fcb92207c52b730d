"""Where the app's data lives: DASHBOARD_DATA read as a DuckDB file or a published dataset
(a folder, http(s):// or s3://), and how to tell that a file was replaced. See datastore.py for what
each kind of location means.
"""
from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from pathlib import Path

from sammanhallen.paths import database_path


ENV_DATA = "DASHBOARD_DATA"
ENV_CHECK_SECONDS = "DASHBOARD_DATA_CHECK_SECONDS"
DEFAULT_CHECK_SECONDS = 5.0


REMOTE_SCHEMES = ("http://", "https://", "s3://")
DUCKDB_SUFFIXES = (".duckdb", ".db", ".ddb")


class DatasetError(RuntimeError):
    """The location cannot be read as a complete dataset (missing CURRENT, broken version, ...)."""


@dataclass(frozen=True)
class DataLocation:
    kind: str  # "file" (a DuckDB file) or "dataset" (a published Parquet dataset)
    uri: str   # absolute file path, dataset folder path or URL, without a trailing slash

    @property
    def remote(self) -> bool:
        return self.uri.startswith(REMOTE_SCHEMES)

    @property
    def scheme(self) -> str:
        return self.uri.split("://", 1)[0] if "://" in self.uri else "file"

    def join(self, *parts: str) -> str:
        """A path or URL below the location (dataset roots only)."""
        return "/".join([self.uri, *parts]) if self.remote else str(Path(self.uri, *parts))

    def __str__(self) -> str:
        return self.uri


def resolved(path: str | os.PathLike) -> Path:
    """The absolute, symlink-free form of a path (``Path.expanduser().resolve()``), remembered per working
    directory: every query asks where the data is, and resolving walks the file system component by
    component (three walks per query were about 6 % of a busy server's samples in py-spy)."""
    return _resolved(str(path), os.getcwd())


@functools.lru_cache(maxsize=64)
def _resolved(path: str, cwd: str) -> Path:
    return Path(path).expanduser().resolve()


def parse_location(value: str | os.PathLike | None) -> DataLocation:
    """Interpret a DASHBOARD_DATA value; empty means the local DuckDB file."""
    text = str(value).strip() if value is not None else ""
    if not text:
        return DataLocation("file", str(resolved(database_path())))
    if text.startswith("file://"):
        text = text[len("file://"):]
    if text.startswith(REMOTE_SCHEMES):
        scheme, rest = text.split("://", 1)
        rest = rest.rstrip("/")
        if not rest.split("/", 1)[0]:
            raise DatasetError(f"{text}: the location needs a host or bucket")
        if rest.lower().endswith(DUCKDB_SUFFIXES):
            raise DatasetError(f"{text}: a remote location must be a published Parquet dataset, not a DuckDB file")
        return DataLocation("dataset", f"{scheme}://{rest}")
    if "://" in text:
        raise DatasetError(f"{text}: unsupported scheme (use a path, http(s):// or s3://)")
    path = resolved(text)
    if path.suffix.lower() in DUCKDB_SUFFIXES or path.is_file():
        return DataLocation("file", str(path))
    return DataLocation("dataset", str(path))


def data_location() -> DataLocation:
    """The location the app reads, from DASHBOARD_DATA (read at call time, so tests can change it)."""
    return parse_location(os.environ.get(ENV_DATA))


def check_seconds() -> float:
    """How often a reader looks at a dataset's CURRENT (DASHBOARD_DATA_CHECK_SECONDS, default 5)."""
    try:
        return max(0.0, float(os.environ.get(ENV_CHECK_SECONDS, DEFAULT_CHECK_SECONDS)))
    except ValueError:
        return DEFAULT_CHECK_SECONDS


def file_identity(stat: os.stat_result) -> tuple:
    """Inode, modification time and size: what changes when a file is replaced or rewritten."""
    return stat.st_ino, stat.st_mtime_ns, stat.st_size


def file_version(path: str | os.PathLike) -> tuple:
    """Changes whenever the file is replaced or rewritten (os.replace gives a new inode)."""
    return ("file", str(path), *file_identity(os.stat(path)))

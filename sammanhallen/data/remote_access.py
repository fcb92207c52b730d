"""DuckDB's way to remote data: httpfs loaded from its pip package (never downloaded by DuckDB) and
S3 credentials from the environment, scoped to the dataset's bucket.
"""
from __future__ import annotations

import os
from pathlib import Path

import duckdb

from sammanhallen.data.data_location import DataLocation, DatasetError
from sammanhallen.data.sql_text import quote_literal


# Nothing may reach the network on its own: extensions come from pip packages only.
BASE_CONFIG = {"autoinstall_known_extensions": "false"}


def httpfs_extension_path() -> Path:
    """The signed httpfs binary shipped by the `duckdb-extension-httpfs` package for this DuckDB."""
    return _extension_path("duckdb_extension_httpfs", "httpfs")


def _extension_path(package: str, name: str) -> Path:
    import importlib

    try:
        module = importlib.import_module(package)
    except ImportError as error:
        raise DatasetError(
            f"reading a remote dataset needs the pip package {package.replace('_', '-')}=={duckdb.__version__}"
        ) from error
    path = Path(module.__file__).parent / "extensions" / f"v{duckdb.__version__}" / f"{name}.duckdb_extension"
    if not path.exists():
        raise DatasetError(
            f"{path} is missing: {package.replace('_', '-')} must have the same version as duckdb ({duckdb.__version__})"
        )
    return path


def configure_remote(con: duckdb.DuckDBPyConnection, location: DataLocation) -> None:
    """Load httpfs from its pip package and, for S3, create a secret scoped to the dataset's bucket."""
    con.execute(f"LOAD {quote_literal(httpfs_extension_path())}")
    con.execute("SET http_timeout = 30")
    con.execute("SET http_retries = 3")
    if location.scheme != "s3":
        return
    bucket = "s3://" + location.uri[len("s3://"):].split("/", 1)[0]
    options = ["TYPE s3", f"SCOPE {quote_literal(bucket)}"]
    env = os.environ
    if env.get("AWS_ACCESS_KEY_ID"):
        options += [f"KEY_ID {quote_literal(env['AWS_ACCESS_KEY_ID'])}", f"SECRET {quote_literal(env.get('AWS_SECRET_ACCESS_KEY', ''))}"]
        if env.get("AWS_SESSION_TOKEN"):
            options.append(f"SESSION_TOKEN {quote_literal(env['AWS_SESSION_TOKEN'])}")
    else:
        try:
            con.execute(f"LOAD {quote_literal(_extension_path('duckdb_extension_aws', 'aws'))}")
            options.append("PROVIDER credential_chain")
        except DatasetError:
            pass  # no keys and no aws extension: a public bucket, read anonymously
    region = env.get("AWS_REGION") or env.get("AWS_DEFAULT_REGION")
    if region:
        options.append(f"REGION {quote_literal(region)}")
    if env.get("DASHBOARD_S3_ENDPOINT"):
        options.append(f"ENDPOINT {quote_literal(env['DASHBOARD_S3_ENDPOINT'])}")
    if env.get("DASHBOARD_S3_URL_STYLE"):
        options.append(f"URL_STYLE {quote_literal(env['DASHBOARD_S3_URL_STYLE'])}")
    if env.get("DASHBOARD_S3_USE_SSL"):
        options.append(f"USE_SSL {env['DASHBOARD_S3_USE_SSL'].lower() not in ('0', 'false', 'no')}")
    con.execute(f"CREATE OR REPLACE SECRET dashboard_dataset ({', '.join(options)})")

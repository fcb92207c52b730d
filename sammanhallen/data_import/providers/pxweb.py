"""SCB PxWebApi 2.0 client: /config, table metadata, and data as one JSON-stat 2 dataset.

    client = PxWebClient("https://statistikdatabasen.scb.se/api/v2/")
    client.config()                      # limits: maxDataCells, maxCallsPerTimeWindow, timeWindow
    meta = client.metadata("TAB638")     # JSON-stat 2 with empty values; meta["updated"]
    check_selection(meta, {"Region": ["1480"], "ContentsCode": ["BE0101N1"], ...}, table="TAB638")
    result = client.data("TAB638", selection)   # PxData: merged dataset, the answers, the query URL

Data is asked for with POST /tables/{id}/data (the recorded requests use POST; the body is
`{"selection": [{"variableCode", "valueCodes"}]}`). A selection with more cells than the table's
`maxDataCells` is split on its largest variable's value list and the answers are merged back into
one dataset along that variable, so callers never see the split. Decoding values and status symbols
stays in `sammanhallen.data_import.ingest.pxweb.parse_jsonstat`, which the import page also uses.
"""
from __future__ import annotations

import copy
import json
import math
import urllib.parse
from dataclasses import dataclass

import numpy as np

from sammanhallen.data_import.providers import errors
from sammanhallen.data_import.providers.httpclient import Fetched, HttpClient, RateLimiter
from sammanhallen.i18n import Text

SCB_URL = "https://statistikdatabasen.scb.se/api/v2/"
PROVIDER = "SCB"
DEFAULT_LIMITS = {"maxDataCells": 150_000, "maxCallsPerTimeWindow": 30, "timeWindow": 10}


@dataclass(frozen=True)
class PxData:
    dataset: dict               # one JSON-stat 2 dataset (merged when the query was split)
    answers: tuple[Fetched, ...]  # every HTTP answer, in order
    query_url: str              # the whole selection as one GET URL (what a person can open)

    @property
    def raw(self) -> bytes:
        """The provider's bytes when one answer sufficed, else the merged dataset as JSON."""
        if len(self.answers) == 1:
            return self.answers[0].content
        return json.dumps(self.dataset, ensure_ascii=False, indent=1).encode("utf-8")


def category_codes(dimension: dict) -> list[str]:
    """A JSON-stat dimension's category codes in their index order."""
    index = (dimension.get("category") or {}).get("index")
    if isinstance(index, list):
        return [str(c) for c in index]
    if isinstance(index, dict):
        return [str(c) for c, _ in sorted(index.items(), key=lambda item: item[1])]
    return [str(c) for c in ((dimension.get("category") or {}).get("label") or {})]


def time_variable(metadata: dict) -> str:
    """The table's time variable: the `time` role, else 'Tid'."""
    return next(iter((metadata.get("role") or {}).get("time") or []), "Tid")


def table_changed(table: str, sv: str, en: str) -> errors.TableChanged:
    return errors.TableChanged(Text(f"Tabellen {table} har ändrats sedan receptet skrevs: {sv}",
                                    f"The table {table} has changed since the recipe was written: {en}"))


def check_selection(metadata: dict, selection: dict[str, list[str]], *, table: str) -> None:
    """TableChanged unless every variable and value code in `selection` exists in the metadata and
    every mandatory (non-eliminable) variable is selected."""
    dimensions = metadata.get("dimension") or {}
    for variable, codes in selection.items():
        if variable not in dimensions:
            raise table_changed(table, f"variabeln {variable} finns inte (tabellen har {', '.join(dimensions)})",
                                f"variable {variable} not found (the table has {', '.join(dimensions)})")
        known = set(category_codes(dimensions[variable]))
        for code in codes:
            if code not in known:
                raise table_changed(table, f"koden {code} finns inte i variabeln {variable}",
                                    f"code {code} not found in variable {variable}")
    for variable, dimension in dimensions.items():
        if (dimension.get("extension") or {}).get("elimination") is False and variable not in selection:
            raise table_changed(table, f"variabeln {variable} måste nu väljas men receptet nämner den inte",
                                f"variable {variable} must now be selected but the recipe does not name it")


def get_url(base_url: str, table: str, selection: dict[str, list[str]], lang: str = "sv") -> str:
    """The selection as one GET URL (`valueCodes[VAR]=a,b`), for provenance and manual download."""
    params = [("lang", lang), ("outputFormat", "json-stat2")]
    params += [(f"valueCodes[{variable}]", ",".join(codes)) for variable, codes in selection.items()]
    return f"{base_url.rstrip('/')}/tables/{table}/data?" + urllib.parse.urlencode(params, safe="[],*")


def cells(selection: dict[str, list[str]]) -> int:
    return math.prod(len(codes) for codes in selection.values())


def split_selection(selection: dict[str, list[str]], max_cells: int) -> list[dict[str, list[str]]]:
    """Selections of at most `max_cells` cells each, made by cutting the largest value list."""
    if cells(selection) <= max_cells:
        return [selection]
    variable = max(selection, key=lambda name: len(selection[name]))
    codes = selection[variable]
    if len(codes) == 1:
        raise ValueError(f"a single cell exceeds maxDataCells={max_cells}")
    pieces = math.ceil(cells(selection) / max_cells)
    size = max(1, math.ceil(len(codes) / pieces))
    parts = []
    for start in range(0, len(codes), size):
        parts += split_selection({**selection, variable: codes[start:start + size]}, max_cells)
    return parts


def merge(datasets: list[dict], *, provider_url: str = "") -> dict:
    """One dataset from answers that differ in the value codes of one or more variables.

    Values and statuses are laid out in a grid per answer and concatenated along each variable in
    the order the answers came; the categories' index, labels and other members are merged.
    """
    if len(datasets) == 1:
        return datasets[0]
    ids = list(datasets[0].get("id") or [])
    if any(list(d.get("id") or []) != ids for d in datasets):
        raise errors.malformed(PROVIDER, provider_url, "samma dimensioner i alla delsvar", "the same dimensions in every part")
    merged = copy.deepcopy(datasets[0])
    codes = {v: list(dict.fromkeys(c for d in datasets for c in category_codes(d["dimension"][v]))) for v in ids}
    sizes = [len(codes[v]) for v in ids]
    values = np.full(sizes, None, dtype=object)
    status = np.full(sizes, None, dtype=object)
    for d in datasets:
        own = [category_codes(d["dimension"][v]) for v in ids]
        grid = np.ix_(*[[codes[v].index(c) for c in own_codes] for v, own_codes in zip(ids, own)])
        shape = [len(c) for c in own]
        values[grid] = dense_grid(d.get("value"), shape)
        status[grid] = dense_grid(d.get("status"), shape)
    for v in ids:
        category = merged["dimension"][v].setdefault("category", {})
        category["index"] = {c: i for i, c in enumerate(codes[v])}
        for member in ("label", "unit", "note"):
            combined = {k: m for d in datasets for k, m in ((d["dimension"][v].get("category") or {}).get(member) or {}).items()}
            if combined:
                category[member] = combined
    merged["size"] = sizes
    merged["value"] = values.ravel().tolist()
    flat_status = {str(i): s for i, s in enumerate(status.ravel()) if s}
    merged.pop("status", None)
    if flat_status:
        merged["status"] = flat_status
    return merged


def dense_grid(member, shape: list[int]) -> np.ndarray:
    """A JSON-stat value/status member (list, dict by flat index, single string, or absent) as a grid."""
    total = math.prod(shape)
    out = np.full(total, None, dtype=object)
    if isinstance(member, list) and len(member) == total:
        out[:] = member
    elif isinstance(member, dict):
        for key, item in member.items():
            out[int(key)] = item
    elif isinstance(member, str):
        out[:] = member
    return out.reshape(shape)


class PxWebClient:
    """PxWebApi 2.0 for one base URL; config and metadata are fetched once per client."""

    def __init__(self, base_url: str = SCB_URL, *, http: HttpClient | None = None, lang: str = "sv", **http_options):
        self.base_url = base_url.rstrip("/") + "/"
        self.http = http or HttpClient(self.base_url, PROVIDER, **http_options)
        self.lang = lang
        self._config: dict | None = None
        self._metadata: dict[str, dict] = {}

    def config(self) -> dict:
        """/config; installs a rate limiter from maxCallsPerTimeWindow per timeWindow (default 30 per 10 s)."""
        if self._config is None:
            answer = self.http.get("config")
            body = answer.json(PROVIDER)
            if not isinstance(body, dict):
                raise errors.malformed(PROVIDER, answer.url, "ett objekt med apiVersion och maxDataCells",
                                       "an object with apiVersion and maxDataCells")
            self._config = body
            if self.http.limiter is None:
                self.http.limiter = RateLimiter(int(self.limit("maxCallsPerTimeWindow")), float(self.limit("timeWindow")),
                                                sleep=self.http.sleep)
        return self._config

    def limit(self, name: str) -> float:
        value = (self._config or {}).get(name)
        return value if isinstance(value, (int, float)) and value > 0 else DEFAULT_LIMITS[name]

    @property
    def api_version(self) -> str:
        return str(self.config().get("apiVersion") or "2")

    def metadata(self, table: str) -> dict:
        """The table's metadata (JSON-stat 2, empty values); `["updated"]` is its last update."""
        if table not in self._metadata:
            self.config()
            answer = self.http.get(f"tables/{table}/metadata", params={"lang": self.lang})
            body = answer.json(PROVIDER)
            if not isinstance(body, dict) or not isinstance(body.get("dimension"), dict) or not body.get("id"):
                raise errors.malformed(PROVIDER, answer.url, "JSON-stat 2 med id och dimension", "JSON-stat 2 with id and dimension")
            self._metadata[table] = body
        return self._metadata[table]

    def data(self, table: str, selection: dict[str, list[str]]) -> PxData:
        """The selected cells as one JSON-stat 2 dataset, split into several requests when needed."""
        self.config()
        answers, datasets = [], []
        for part in split_selection(selection, int(self.limit("maxDataCells"))):
            body = {"selection": [{"variableCode": v, "valueCodes": list(c)} for v, c in part.items()]}
            answer = self.http.post(f"tables/{table}/data", params={"lang": self.lang, "outputFormat": "json-stat2"}, body=body)
            dataset = answer.json(PROVIDER)
            if not isinstance(dataset, dict) or not isinstance(dataset.get("dimension"), dict) or "value" not in dataset:
                raise errors.malformed(PROVIDER, answer.url, "ett JSON-stat 2-dataset (id, size, dimension, value)",
                                       "a JSON-stat 2 dataset (id, size, dimension, value)")
            answers.append(answer)
            datasets.append(dataset)
        query_url = get_url(self.base_url, table, selection, self.lang)
        return PxData(merge(datasets, provider_url=query_url), tuple(answers), query_url)

    def close(self) -> None:
        self.http.close()

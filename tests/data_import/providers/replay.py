"""A replay of SCB PxWebApi 2.0 and Kolada v3 on pytest-httpserver.

SCB: /config and /tables/TAB638/metadata answer with the recorded responses in
tests/fixtures/providers/scb (rOpenGov/pxweb, BSD-2; see SOURCES.md there). /tables/TAB638/data
answers a POSTed selection with a JSON-stat 2 dataset shaped like the recorded one, built from the
recorded metadata for exactly the requested codes; its values are synthetic (`fake_value`) and
never leave the test's temporary database. Kolada: built answers in the documented v3 shape.
"""
from __future__ import annotations

import copy
import json
import math
from pathlib import Path

from werkzeug import Request, Response

ROOT = Path(__file__).resolve().parents[3]
SCB = ROOT / "tests" / "fixtures" / "providers" / "scb" / "statistikdatabasen.scb.se" / "api" / "v2"


def recorded(relative: str) -> dict:
    return json.loads((SCB / relative).read_text(encoding="utf-8"))


def config(**overrides) -> dict:
    return {**recorded("config.json"), **overrides}


def metadata() -> dict:
    return recorded("tables/TAB638/metadata-f01ece.json")


def fake_value(codes: dict[str, str]) -> int:
    """A deterministic synthetic count for one cell (a test value, not SCB's)."""
    return 1000 + sum(ord(ch) for code in codes.values() for ch in code)


def dataset_for(meta: dict, selection: dict[str, list[str]], *, gaps=(), status=None) -> dict:
    """A JSON-stat 2 answer for `selection` in the metadata's dimension order; cells whose code set
    contains every pair of one entry of `gaps` are null with status '..'."""
    ds = copy.deepcopy(meta)
    ids = list(ds["id"])
    chosen = {v: selection.get(v) or [ds["dimension"][v]["extension"]["eliminationValueCode"]] for v in ids}
    for v in ids:
        cat = ds["dimension"][v]["category"]
        cat["index"] = {c: i for i, c in enumerate(chosen[v])}
        cat["label"] = {c: cat["label"][c] for c in chosen[v]}
    ds["size"] = [len(chosen[v]) for v in ids]
    values, statuses = [], {}
    for flat in range(math.prod(ds["size"])):
        rest, codes = flat, {}
        for v, size in reversed(list(zip(ids, ds["size"]))):
            rest, pos = divmod(rest, size)
            codes[v] = chosen[v][pos]
        if any(all(codes.get(k) == c for k, c in gap.items()) for gap in gaps):
            values.append(None)
            statuses[str(flat)] = ".."
        else:
            values.append(fake_value(codes))
            if status and all(codes.get(k) == c for k, c in status[0].items()):
                statuses[str(flat)] = status[1]
    ds["value"] = values
    if statuses:
        ds["status"] = statuses
    return ds


class ScbReplay:
    """Answers config, metadata and data; counts data requests and can inject gaps."""

    def __init__(self, server, *, max_cells=None, meta=None, gaps=(), status=None):
        self.server, self.meta, self.gaps, self.status, self.bodies = server, meta or metadata(), gaps, status, []
        cfg = config(maxDataCells=max_cells) if max_cells else config()
        server.expect_request("/api/v2/config").respond_with_json(cfg)
        server.expect_request("/api/v2/tables/TAB638/metadata").respond_with_json(self.meta)
        server.expect_request("/api/v2/tables/TAB638/data", method="POST").respond_with_handler(self.data)

    def data(self, request: Request) -> Response:
        body = json.loads(request.get_data())
        self.bodies.append(body)
        selection = {s["variableCode"]: s["valueCodes"] for s in body["selection"]}
        answer = dataset_for(self.meta, selection, gaps=self.gaps, status=self.status)
        return Response(json.dumps(answer), content_type="application/json")


def kolada_entry(kpi: str, municipality: str, year: int, value, status: str = "") -> dict:
    return {"kpi": kpi, "municipality": municipality, "period": year,
            "values": [{"count": 1, "gender": "T", "status": status, "value": value},
                       {"count": 1, "gender": "K", "status": "", "value": None if value is None else value / 2}]}


def kolada_kpi(server, kpi: str = "N01951") -> None:
    server.expect_request(f"/v3/kpi/{kpi}").respond_with_json(
        {"count": 1, "values": [{"id": kpi, "title": "Invånare totalt, antal", "publication_date": "2025-03-05"}],
         "next_url": None, "previous_url": None})

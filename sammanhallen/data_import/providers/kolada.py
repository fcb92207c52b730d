"""Kolada API v3 client: KPI metadata and data, paged with `next_url` and batched ≤ 25 ids a request.

    client = KoladaClient("https://api.kolada.se/v3/")
    client.kpi("N01951")                                    # the KPI object (title, publication_date, ...)
    result = client.data("N01951", ["0180", "1480"], ["2023", "2024"])
    observations(result.values)                             # one row per municipality and year (total, gender T)

Why not `ingest.kolada.parse_kolada`: it returns only the present totals and counts gaps by status
without saying which municipality and year they belong to, and it does not carry a present value's
status. A refresh must list every gap and flag by area and year, so `observations` reads the same
documented shape ({kpi, municipality, period, values: [{gender, status, value}]}) and keeps both.
A null value is a gap (never a zero); a non-empty status on a value is kept as a flag.
"""
from __future__ import annotations

import json
from dataclasses import dataclass

import pandas as pd

from sammanhallen.data_import.providers import errors
from sammanhallen.data_import.providers.httpclient import Fetched, HttpClient
from sammanhallen.i18n import Text

KOLADA_URL = "https://api.kolada.se/v3/"
PROVIDER = "Kolada"
BATCH = 25
PER_PAGE = 5000
OBSERVATION_COLUMNS = ["area_code", "year", "value", "status", "gap"]


@dataclass(frozen=True)
class KoladaData:
    values: tuple[dict, ...]        # every data object from every page
    answers: tuple[Fetched, ...]    # every HTTP answer, in order
    query_url: str                  # the first request (all municipalities and years in one URL)

    @property
    def raw(self) -> bytes:
        """The provider's bytes when one page sufficed, else every page's values as one Kolada document."""
        if len(self.answers) == 1:
            return self.answers[0].content
        document = {"count": len(self.values), "values": list(self.values), "next_url": None, "previous_url": None}
        return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")


def batches(items: list[str], size: int = BATCH) -> list[list[str]]:
    return [items[i:i + size] for i in range(0, len(items), size)] or [[]]


def data_path(kpi: str, municipalities: list[str], years: list[str] | None) -> str:
    path = f"data/kpi/{kpi}/municipality/{','.join(municipalities)}"
    return path + (f"/year/{','.join(years)}" if years else "")


def observations(values) -> pd.DataFrame:
    """The total (gender T) of every data object: area_code, year, value (None for a gap), status, gap."""
    rows = []
    for entry in values:
        if not isinstance(entry, dict) or not isinstance(entry.get("values"), list):
            continue
        totals = [v for v in entry["values"] if isinstance(v, dict) and str(v.get("gender", "T")) == "T"
                  and v.get("isdeleted") is not True]
        if not totals:
            continue
        value = totals[0].get("value")
        number = float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None
        rows.append({"area_code": str(entry.get("municipality", entry.get("ou", ""))), "year": str(entry.get("period")),
                     "value": number, "status": str(totals[0].get("status") or ""), "gap": number is None})
    return pd.DataFrame(rows, columns=OBSERVATION_COLUMNS)


class KoladaClient:
    """Kolada v3 for one base URL."""

    def __init__(self, base_url: str = KOLADA_URL, *, http: HttpClient | None = None, per_page: int = PER_PAGE,
                 batch: int = BATCH, **http_options):
        self.base_url = base_url.rstrip("/") + "/"
        self.http = http or HttpClient(self.base_url, PROVIDER, **http_options)
        self.per_page, self.batch = per_page, batch

    api_version = "v3"

    def kpi(self, kpi_id: str) -> dict:
        """The KPI's metadata object; TableChanged when Kolada does not know the id."""
        values, _ = self._pages(f"kpi/{kpi_id}", {})
        found = [v for v in values if isinstance(v, dict) and v.get("id") == kpi_id]
        if not found:
            raise errors.TableChanged(Text(f"Kolada känner inte till nyckeltalet {kpi_id} (borttaget eller omdöpt?)",
                                           f"Kolada does not know the KPI {kpi_id} (removed or renamed?)"))
        return found[0]

    def data(self, kpi: str, municipalities: list[str], years: list[str] | None) -> KoladaData:
        """Every data object for the KPI, municipalities and years (None = all years), over all pages."""
        values, answers = [], []
        for group in batches(list(municipalities), self.batch):
            for year_group in (batches(list(years), self.batch) if years else [None]):
                page_values, page_answers = self._pages(data_path(kpi, group, year_group), {"per_page": self.per_page})
                values += page_values
                answers += page_answers
        query_url = self.http.url(data_path(kpi, list(municipalities), list(years) if years else None))
        return KoladaData(tuple(values), tuple(answers), query_url)

    def _pages(self, path: str, params: dict) -> tuple[list[dict], list[Fetched]]:
        values, answers, seen = [], [], set()
        answer = self.http.get(path, params=params)
        while True:
            body = answer.json(PROVIDER)
            if not isinstance(body, dict) or not isinstance(body.get("values"), list):
                raise errors.malformed(PROVIDER, answer.url, "ett objekt med listan values", "an object with a values list")
            values += body["values"]
            answers.append(answer)
            seen.add(answer.url)
            next_url = body.get("next_url")
            if not next_url:
                return values, answers
            if next_url in seen:
                raise errors.malformed(PROVIDER, answer.url, "en next_url som leder vidare", "a next_url that moves on")
            answer = self.http.get(next_url)

    def close(self) -> None:
        self.http.close()

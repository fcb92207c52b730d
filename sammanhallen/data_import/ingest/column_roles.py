"""What each column of a table holds, from its header (case, spacing and diacritics ignored) and,
failing that, from its cells:

* area: a code column (kod, kommunkod, regionkod, områdeskod, ...) and/or a name column (region,
  område, kommun, stadsdel, ...). PxWeb's "0180 Stockholm" is split into code and name. Without a
  recognised header the first text column is the area.
* long layout: a year column (år, year, tid, period), one value column (värde, value) with an
  optional indicator column (indikator, nyckeltal, mått, kpi, tabellinnehåll) -- or one numeric column
  per indicator, named by its header.
* wide layout: year columns ("2015", "2015 ", "År 2015", PxWeb's "Folkmängd 2015"); the indicator
  comes from an indicator column, the header's prefix, the title line or the file name.
* other text columns (kön, ålder, ...) are dimensions: their value becomes part of the indicator key
  ("Folkmängd|kön=kvinnor"), so two series are never merged; notes/source/unit columns are ignored.
"""
from __future__ import annotations

import re

import numpy as np
import pandas as pd

from sammanhallen.codes import match_key
from sammanhallen.data_import.ingest import numbers as num


AREA_NAME_KEYS = {"region", "omrade", "kommun", "kommunnamn", "stadsdel", "stadsdelsnamn", "stadsdelsomrade",
                  "stadsdelsnamnd", "sdn", "sdo", "area", "areaname", "namn", "name", "geografi", "geography",
                  "municipality", "municipalityname", "district", "borough", "lan", "plats", "omradesnamn",
                  "regionnamn", "primaromrade", "stadsomrade", "stadsdelsforvaltning", "delomrade", "bostadsomrade",
                  "geografisktomrade", "regso", "deso"}
AREA_BASES = {"region", "omrade", "omrades", "kommun", "stadsdel", "stadsdels", "stadsdelsomrade", "area",
              "municipality", "district", "borough", "lan", "lans", "sdn", "primaromrade", "regso", "deso"}
CODE_KEYS = {"kod", "code", "areacode", "areaid", "kommunnr", "kommunnummer", "knkod", "kn", "regioncode",
             "municipalitycode", "municipalityid", "omradesid", "geokod", "desokod", "regsokod", "omradeskod"}
YEAR_KEYS = {"ar", "year", "tid", "period", "artal", "time", "referensar", "aret"}
VALUE_KEYS = {"varde", "value", "values", "data", "obsvalue", "observation", "observationsvarde", "matvarde"}
INDICATOR_KEYS = {"indikator", "indicator", "indikatorid", "indicatorid", "nyckeltal", "nyckeltalsid", "kpi", "kpiid",
                  "matt", "mattid", "variabel", "variable", "tabellinnehall", "innehall", "measure", "serie",
                  "series", "indikatorkod", "nyckeltalskod"}
INDICATOR_LABEL_KEYS = {"indikatornamn", "indicatorname", "nyckeltalsnamn", "kpinamn", "kpititel", "kpititle",
                        "titel", "title", "benamning", "mattnamn", "indicatorlabel", "indikatorbeskrivning"}
ANNOTATION_KEYS = {"kalla", "source", "kommentar", "kommentarer", "comment", "comments", "not", "noter", "note",
                   "notes", "notering", "anmarkning", "enhet", "unit", "fotnot", "status", "flagga", "flag",
                   "uppdaterad", "updated", "publicerad", "definition", "beskrivning", "description", "url",
                   "lank", "link"}

_PREFIX_PERIOD = re.compile(r"^(?P<prefix>.*\S)[\s,]+(?P<period>\d{4}(?:\s*[MKQHT]\s*\d{1,2})?)$", re.I)
REGION_COMBO = r"^(?P<code>\d{2,4}(?:[A-Z]\d{3,4}(?:_DeSO\d{4})?)?)\s+(?P<name>\S.*)$"
_CODE_ONLY = r"(?i)^(?:\d{1,4}(?:[A-Z]\d{3,4})?|\d{4}-[a-z]+-[a-z0-9-]+|SE|u15-[a-z0-9-]+)$"
SAMPLE = 2000  # cells looked at to decide what a column holds


def _key(name: str) -> str:
    return match_key(name) if name else ""


def _is_code_header(k: str) -> bool:
    if k in CODE_KEYS:
        return True
    for suffix in ("kod", "code", "id", "nr", "nummer"):
        if k.endswith(suffix) and k[: -len(suffix)] in AREA_BASES:
            return True
    return False


def classify_columns(df: pd.DataFrame, txt: pd.DataFrame) -> dict:
    """Each column's role: area code/name (or both in one), year, values, indicator, periods of a wide
    layout, other numbers, dimensions and ignored annotations."""
    roles: dict = {"code": None, "name": None, "combo": None, "year": None, "value": [], "indicator": None,
                   "indicator_label": None, "periods": {}, "numeric": [], "dimensions": [], "ignored": []}
    undecided = []
    for c in df.columns:
        k = _key(c)
        year = num.is_year_header(c)
        bad_period = num.non_annual_header(c)
        m = _PREFIX_PERIOD.match(c)
        if year is not None or bad_period is not None:
            roles["periods"][c] = (None, c)
        elif m and (num.is_year_header(m.group("period")) or num.non_annual_header(m.group("period"))) \
                and _key(m.group("prefix")) not in (AREA_NAME_KEYS | CODE_KEYS | YEAR_KEYS):
            roles["periods"][c] = (m.group("prefix").strip(), m.group("period"))
        elif k in YEAR_KEYS and roles["year"] is None:
            roles["year"] = c
        elif k in VALUE_KEYS:
            roles["value"].append(c)
        elif k in INDICATOR_KEYS and roles["indicator"] is None:
            roles["indicator"] = c
        elif k in INDICATOR_LABEL_KEYS and roles["indicator_label"] is None:
            roles["indicator_label"] = c
        elif _is_code_header(k) and roles["code"] is None:
            roles["code"] = c
        elif k in AREA_NAME_KEYS and roles["name"] is None:
            roles["name"] = c
        elif k in ANNOTATION_KEYS:
            roles["ignored"].append(c)
        else:
            undecided.append(c)

    # PxWeb "0180 Stockholm" in the area column: split into code and name
    if roles["name"] is not None:
        vals = txt[roles["name"]]
        vals = vals[vals != ""].head(SAMPLE).astype("string")
        if len(vals):
            if vals.str.match(REGION_COMBO).mean() >= 0.8:
                roles["combo"], roles["name"] = roles["name"], None
            elif roles["code"] is None and vals.str.fullmatch(_CODE_ONLY).all():
                roles["code"], roles["name"] = roles["name"], None

    for c in undecided:
        vals = df[c]
        texts = txt[c]
        present = texts[~texts.isin(num.MISSING_MARKERS)].head(SAMPLE).astype("string")
        if len(present) == 0:
            roles["numeric"].append(c)
            continue
        parsed = num.parse_numbers(vals[~texts.isin(num.MISSING_MARKERS).to_numpy()].head(SAMPLE))
        ok = float(np.mean(parsed.kind == num.OK)) if len(parsed.kind) else 0.0
        if ok >= 0.5:
            roles["numeric"].append(c)
        elif roles["code"] is None and roles["name"] is None and roles["combo"] is None:
            if present.str.match(REGION_COMBO).mean() >= 0.8:
                roles["combo"] = c
            elif present.str.fullmatch(_CODE_ONLY).all():
                roles["code"] = c
            else:
                roles["name"] = c
        else:
            roles["dimensions"].append(c)
    return roles

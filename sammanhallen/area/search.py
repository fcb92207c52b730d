"""Finding an area by name: diacritics- and case-insensitive, the level shown beside the name so two
areas with one name ("Tensta (stadsdel)", "Tensta (Urban15-stadsdel)") are told apart."""
from __future__ import annotations

import unicodedata

import pandas as pd

from sammanhallen.i18n import Text

LEVELS: dict[str, Text] = {
    "country": Text("land", "country"),
    "municipality": Text("kommun", "municipality"),
    "area_group": Text("områdesgrupp", "group of areas"),
    "borough": Text("stadsdelsområde", "borough"),
    "district": Text("stadsdel", "district"),
    "urban_district": Text("Urban15-stadsdel", "Urban15 district"),
}
LEVEL_PLURALS: dict[str, Text] = {
    "country": Text("länder", "countries"),
    "municipality": Text("kommuner", "municipalities"),
    "area_group": Text("områdesgrupper", "groups of areas"),
    "borough": Text("stadsdelsområden", "boroughs"),
    "district": Text("stadsdelar", "districts"),
    "urban_district": Text("Urban15-stadsdelar", "Urban15 districts"),
}


def level_label(level: str, lang: str) -> str:
    label = LEVELS.get(level)
    return label.in_(lang) if label else level


def level_plural(level: str, lang: str) -> str:
    label = LEVEL_PLURALS.get(level)
    return label.in_(lang) if label else level


def fold(text: str) -> str:
    """'Hägersten-Älvsjö' -> 'hagersten-alvsjo': accents dropped, case folded."""
    decomposed = unicodedata.normalize("NFKD", str(text))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold().strip()


def option_label(name: str, level: str, lang: str) -> str:
    """'Tensta (Urban15-stadsdel)'."""
    return f"{name} ({level_label(level, lang)})"


def search(areas: pd.DataFrame, query: str) -> pd.DataFrame:
    """The areas whose name contains the query (folded), names starting with it first, then by name.
    An empty query gives every area."""
    wanted = fold(query or "")
    folded = areas["name"].map(fold)
    hits = areas[folded.str.contains(wanted, regex=False)] if wanted else areas
    starts = folded[hits.index].str.startswith(wanted)
    order = pd.DataFrame({"starts": ~starts, "name": folded[hits.index], "level": hits["level"]})
    return hits.loc[order.sort_values(["starts", "name", "level"]).index]

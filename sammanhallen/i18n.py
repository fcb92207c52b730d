"""Bilingual text, written one way: a Swedish and an English string side by side.

    t("Karta", "Map", lang)                 # a string for one language
    MISSING.in_(lang)                       # shared vocabulary: "uppgift saknas" / "no data"
    confidence_label("high", lang)          # "hög" / "high"

Plain Python (no streamlit): the package passes the language in; `components.i18n.t(sv, en)`
reads the session's language and calls :func:`t`. Messages that are built in one place and shown
in another (validation, import problems) carry both languages as a :class:`Text`, so nothing is
translated after the fact.
"""
from __future__ import annotations

from dataclasses import dataclass

LANGUAGES = {"sv": "Svenska", "en": "English"}
DEFAULT_LANGUAGE = "sv"


def t(sv: str, en: str, lang: str) -> str:
    """The English string for "en", the Swedish one for anything else (Swedish is the default)."""
    return en if lang == "en" else sv


@dataclass(frozen=True)
class Text:
    """One message in both languages."""

    sv: str
    en: str

    def in_(self, lang: str) -> str:
        return t(self.sv, self.en, lang)

    def __add__(self, other: "Text") -> "Text":
        return Text(self.sv + other.sv, self.en + other.en)


def pick(pair: tuple[str, str] | Text, lang: str) -> str:
    """A (sv, en) pair or a Text in one language."""
    if isinstance(pair, Text):
        return pair.in_(lang)
    return t(pair[0], pair[1], lang)


def column(row, stem: str, lang: str):
    """row['name_sv'] or row['name_en']: the table's column for the language."""
    return row[f"{stem}_{'en' if lang == 'en' else 'sv'}"]


# --- shared vocabulary ---------------------------------------------------------------------------

MISSING = Text("uppgift saknas", "no data")

CONFIDENCE = {
    "high": Text("hög", "high"),
    "medium": Text("medel", "medium"),
    "low": Text("låg", "low"),
}


# Area levels as a reader names them (areas.level in the warehouse).
LEVELS = {
    "country": Text("land", "country"),
    "municipality": Text("kommun", "municipality"),
    "area_group": Text("områdesgrupp", "area group"),
    "borough": Text("stadsdelsnämnd/-område", "district council"),
    "district": Text("stadsdel", "district"),
    "urban_district": Text("Urban15-stadsdel", "Urban15 district"),
}


def level_name(level, lang: str) -> str:
    """'municipality' -> 'kommun' (sv) / 'municipality' (en); unknown levels as they are."""
    label = LEVELS.get(level)
    return label.in_(lang) if label else str(level)


def confidence_label(value, lang: str) -> str:
    """'high' -> 'hög' (sv) / 'high' (en); empty for a missing value, unknown values as they are."""
    if not isinstance(value, str):
        return ""
    label = CONFIDENCE.get(value)
    return label.in_(lang) if label else value

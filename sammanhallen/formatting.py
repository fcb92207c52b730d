"""Numbers the Swedish way (1 234 567,8 kr) or the English way, via babel.

Babel's Swedish locale groups with a no-break space and uses a comma for decimals; we keep
that (it does not wrap inside a number on screen).
"""
from __future__ import annotations

import math

import functools

from babel import Locale
from babel.numbers import NumberPattern, parse_pattern

from sammanhallen.i18n import t

LOCALES = {"sv": "sv_SE", "en": "en_GB"}
# The same number format on Vega/Altair charts' axes (config.locale.number).
VEGA_LOCALES = {
    "sv": {"decimal": ",", "thousands": "\u00a0", "grouping": [3], "currency": ["", "\u00a0kr"]},
    "en": {"decimal": ".", "thousands": ",", "grouping": [3], "currency": ["", " SEK"]},
}
UNIT_SUFFIX = {
    "sv": {"percent": " %", "SEK": " kr", "SEK/year": " kr/år", "persons": "", "count": "", "index": "", "rank": "",
           "per_100000": " per 100 000 inv.", "days": " dagar"},
    "en": {"percent": "%", "SEK": " SEK", "SEK/year": " SEK/year", "persons": "", "count": "", "index": "", "rank": "",
           "per_100000": " per 100,000 inhabitants", "days": " days"},
}
UNIT_LABEL = {
    "sv": {"percent": "procent", "SEK": "kronor", "SEK/year": "kronor per år", "persons": "personer",
           "count": "antal", "index": "index", "rank": "rang", "per_100000": "per 100 000 inv.", "days": "dagar"},
    "en": {"percent": "per cent", "SEK": "SEK", "SEK/year": "SEK per year", "persons": "persons",
           "count": "count", "index": "index", "rank": "rank", "per_100000": "per 100,000 inhabitants", "days": "days"},
}
DEFAULT_DECIMALS = {"percent": 1, "SEK": 0, "SEK/year": 0, "persons": 0, "count": 0, "index": 1, "rank": 0, "per_100000": 0, "days": 1}


def is_missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def format_number(value, decimals: int | None = None, lang: str = "sv") -> str:
    """1234567.8 -> '1 234 567,8' (sv) or '1,234,567.8' (en); missing -> '–'."""
    if is_missing(value):
        return "–"
    if decimals is None:
        decimals = 0 if float(value).is_integer() else 1
    pattern, locale = _pattern(decimals, lang)
    return pattern.apply(value, locale)


@functools.lru_cache(maxsize=32)
def _pattern(decimals: int, lang: str) -> tuple[NumberPattern, Locale]:
    """Parsed once: babel's format_decimal re-parses pattern and locale on every call, which was two
    thirds of a 6 000-area map rerun (bench/bench_map_scale.py)."""
    return parse_pattern("#,##0" + ("." + "0" * decimals if decimals > 0 else "")), Locale.parse(LOCALES[lang])


def format_value(value, unit: str | None, lang: str = "sv", decimals: int | None = None) -> str:
    """A value with its unit: '5 320 000 kr', '46,1 %'. Missing -> '–'."""
    if is_missing(value):
        return "–"
    if decimals is None:
        decimals = DEFAULT_DECIMALS.get(unit or "", None)
        if decimals == 0 and not float(value).is_integer():
            decimals = 1
    return format_number(value, decimals, lang) + UNIT_SUFFIX[lang].get(unit or "", "")


def format_sek_millions(value, lang: str = "sv", decimals: int = 1) -> str:
    """99 000 000 -> '99,0 mnkr' / '99.0 MSEK' for headlines."""
    if is_missing(value):
        return "–"
    suffix = t(" mnkr", " MSEK", lang)
    return format_number(value / 1e6, decimals, lang) + suffix


def format_share(share, lang: str = "sv", decimals: int = 1) -> str:
    """0.0537 -> '5,4 %'."""
    if is_missing(share):
        return "–"
    return format_value(share * 100, "percent", lang, decimals)


def unit_label(unit: str | None, lang: str = "sv") -> str:
    return UNIT_LABEL[lang].get(unit or "", unit or "")

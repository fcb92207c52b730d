import math

import pandas as pd
import pytest

from sammanhallen.citations import source_line
from sammanhallen.formatting import format_number, format_sek_millions, format_share, format_value

NBSP = "\u00a0"


@pytest.mark.parametrize(
    "value, unit, lang, expected",
    [
        (1234567.8, "SEK", "sv", f"1{NBSP}234{NBSP}567,8 kr"),
        (5320000, "SEK", "sv", f"5{NBSP}320{NBSP}000 kr"),
        (46.1, "percent", "sv", f"46,1{NBSP}%"),
        (46.1, "percent", "en", "46.1%"),
        (18393, "persons", "sv", f"18{NBSP}393"),
        (1234567.8, "SEK", "en", "1,234,567.8 SEK"),
        (None, "SEK", "sv", "–"),
        (math.nan, "percent", "sv", "–"),
    ],
)
def test_format_value(value, unit, lang, expected):
    assert format_value(value, unit, lang).replace(" ", NBSP) == expected.replace(" ", NBSP)


def test_headline_helpers():
    assert format_sek_millions(99_000_000).replace(NBSP, " ") == "99,0 mnkr"
    assert format_share(0.11541).replace(NBSP, " ") == "11,5 %"
    assert format_number(-1500, lang="sv").replace(NBSP, " ") in {"−1 500", "-1 500"}


def test_source_line_names_each_source_once_and_flags_low_confidence():
    rows = pd.DataFrame(
        {
            "source_publisher": ["Boverket", "Boverket", "Stockholms stad"],
            "source_title": ["Rapport 2014:17", "Rapport 2014:17", "Program"],
            "year": [2013, 2013, 2012],
            "confidence": ["high", "high", "low"],
        }
    )
    line = source_line(rows, "sv", "year")
    assert line.startswith("Källor: Boverket: Rapport 2014:17; Stockholms stad: Program.")
    assert "År: 2012–2013." in line and "låg tillförlitlighet" in line
    assert source_line(rows.iloc[:1], "en", "year").startswith("Source: Boverket: Rapport 2014:17. Year: 2013.")

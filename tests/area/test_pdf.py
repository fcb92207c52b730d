"""The profile PDF: A4, opens with pypdf, and its text holds the name, every indicator's value and
year, and every source title."""
from __future__ import annotations

import io
import re

import pypdf
import pytest

from sammanhallen.area import pdf, profile as area_profile, report, similar, text
from sammanhallen.data import queries


def flat(value: str) -> str:
    return re.sub(r"\s+", " ", value.replace("\xa0", " ")).strip()


def profile_pdf(con, area_id: str, lang: str = "sv") -> tuple[area_profile.Profile, bytes, list[str]]:
    areas = queries.run(con, "area_index")
    obs = queries.run(con, "area_observations", area_ids=area_profile.observation_ids(areas, area_id))
    profile = area_profile.build(areas, obs, area_id)
    priority = queries.run(con, "area_priority", area_id=area_id)
    grants = area_profile.grants(queries.run(con, "area_funds", area_id=area_id), obs, area_id)
    near = similar.similar(obs, area_id, profile.peers, 1990, 2030)
    doc = report.document(profile, areas, priority, grants, near, similar.DEFAULT_MIN_SHARED,
                          text.permalink(area_id, lang, "http://localhost"), lang)
    return profile, pdf.build(doc), doc.sources


@pytest.mark.parametrize("area_id", ["0180-sdo-spanga-tensta", "u15-tensta", "1480"])
def test_pdf_opens_is_a4_and_holds_every_figure_and_source(con, area_id):
    profile, data, sources = profile_pdf(con, area_id)
    reader = pypdf.PdfReader(io.BytesIO(data))
    for page in reader.pages:
        assert (round(float(page.mediabox.width), 1), round(float(page.mediabox.height), 1)) == (595.3, 841.9)
    content = flat(" ".join(page.extract_text() for page in reader.pages))
    assert profile.area["name"] in content
    for _, row in profile.indicators.iterrows():
        assert flat(text.indicator_name(row, "sv")) in content
        assert flat(f"{text.value_text(row, 'sv')} ({int(row['year'])})") in content, row["indicator_id"]
        assert flat(row["source_title"]) in content
    for source in sources:
        assert flat(source) in content
    assert f"omrade?area={area_id}" in content


def test_pdf_in_english_uses_english_words(con):
    _, data, _ = profile_pdf(con, "0180-sdo-spanga-tensta", "en")
    content = flat(" ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages))
    assert "Share of population receiving social assistance" in content and "2 of 14 boroughs" in content
    assert "Sources" in content and "&lang=en" in content


def test_a_unicode_font_is_found():
    assert pdf.find_fonts() is not None, "DejaVu Sans or Liberation Sans is needed for å, ä, ö in the PDF"

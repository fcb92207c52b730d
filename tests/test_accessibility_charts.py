"""Every chart gets a text alternative: its own description, else its title and subtitle."""
from __future__ import annotations

import pandas as pd

from components.accessibility.charts import CHART_TEXT, accessible, described, series_description
from tests.test_accessibility_colors import WHITE, contrast


def test_title_and_subtitle_become_the_description():
    spec = {"title": {"text": "Riskindex 2017", "subtitle": ["Källa: Stockholms stad.", "Staden = 100"]}, "mark": "bar"}
    assert described(spec)["description"] == "Riskindex 2017. Källa: Stockholms stad. Staden = 100."


def test_a_layered_chart_is_described_by_its_first_titled_layer():
    spec = {"layer": [{"mark": "rule"}, {"title": "Andel med bistånd", "mark": "line"}]}
    assert described(spec)["description"] == "Andel med bistånd."


def test_an_own_description_is_kept_and_an_untitled_chart_left_alone():
    assert described({"description": "Karta", "title": "T"})["description"] == "Karta"
    assert "description" not in described({"mark": "bar"})


def test_a_series_is_described_by_its_values_without_gaps():
    frame = pd.DataFrame({"year": [2015, 2016, 2017], "value": [12.34, None, 1500.0]})
    assert series_description("Andel", frame, "sv") == "Andel: 2015: 12,3; 2017: 1\u00a0500."


def test_chart_text_is_dark_enough_unless_the_chart_chose_its_own():
    spec = accessible({"title": "T", "config": {"axis": {"labelColor": "#000000"}}})
    assert spec["config"]["axis"] == {"labelColor": "#000000", "titleColor": CHART_TEXT}
    assert spec["config"]["legend"]["labelColor"] == CHART_TEXT and spec["description"] == "T."
    assert contrast(CHART_TEXT, WHITE) >= 4.5

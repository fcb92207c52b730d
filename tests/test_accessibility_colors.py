"""Colours meet WCAG 2.1 AA and survive red-green colour blindness.

Text against its background >= 4.5:1 (1.4.3); lines, bars, points and legend outlines >= 3:1 against
white (1.4.11). Colours shown next to each other (adjacent map classes, adjacent legend entries)
must stay apart when simulated for deuteranopia and protanopia (Machado et al. 2009, severity 100,
via colorspacious): their distance in CAM02-UCS (ΔE', Luo et al. 2006) must be at least
MIN_CVD_DELTA. 5 ΔE' is about five times the just-noticeable difference, so neighbours are told
apart at a glance, not only side by side.
"""
from __future__ import annotations

import tomllib

import numpy as np
import pytest
from colorspacious import cspace_convert, deltaE

from sammanhallen import colors
from sammanhallen.map import classes, deck
from sammanhallen.risk_index import charts as risk_charts

from .conftest import ROOT

MIN_CVD_DELTA = 5.0
DEFICIENCIES = ("deuteranomaly", "protanomaly")  # at severity 100: deuteranopia and protanopia
WHITE = "#ffffff"
THEME = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())["theme"]
# Streamlit draws captions, help text and labels of inactive tabs in the text colour at 60 % opacity
# (its theme's fadedText60); the sidebar sits on the secondary background.
CAPTION_OPACITY = 0.6
STREAMLIT_LIGHT_SECONDARY_BACKGROUND = "#f8f8f7"
STREAMLIT_INLINE_CODE_BACKGROUND = "#f6f6f6"  # what axe measured behind `code` in a caption on white


def rgb(hex_color: str) -> np.ndarray:
    h = hex_color.lstrip("#")
    return np.array([int(h[i:i + 2], 16) for i in (0, 2, 4)]) / 255


def luminance(hex_color: str) -> float:
    c = rgb(hex_color)
    linear = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    return float(linear @ [0.2126, 0.7152, 0.0722])


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def blend(front: str, back: str, opacity: float) -> str:
    mixed = opacity * rgb(front) + (1 - opacity) * rgb(back)
    return "#" + "".join(f"{round(v * 255):02x}" for v in mixed)


def cvd_distance(a: str, b: str, deficiency: str) -> float:
    space = {"name": "sRGB1+CVD", "cvd_type": deficiency, "severity": 100}
    seen = [np.clip(cspace_convert(rgb(c), space, "sRGB1"), 0, 1) for c in (a, b)]
    return float(deltaE(seen[0], seen[1], input_space="sRGB1"))


def test_contrast_formula_matches_known_pairs():
    assert contrast("#000000", WHITE) == pytest.approx(21)
    assert contrast("#828180", WHITE) == pytest.approx(3.88, abs=0.01)  # Streamlit's default caption
    assert contrast("#767676", WHITE) == pytest.approx(4.54, abs=0.01)


def test_cvd_simulation_merges_red_and_green():
    """The simulation works: a red and a green of similar lightness collapse for deuteranopes."""
    assert cvd_distance("#59A14F", "#E15759", "deuteranomaly") < MIN_CVD_DELTA
    assert deltaE(rgb("#59A14F"), rgb("#E15759"), input_space="sRGB1") > 30


@pytest.mark.parametrize("background", [THEME.get("backgroundColor", WHITE),
                                        THEME.get("secondaryBackgroundColor", STREAMLIT_LIGHT_SECONDARY_BACKGROUND)])
def test_theme_text_and_captions_reach_4_5_to_1(background):
    text = THEME["textColor"]
    assert contrast(text, background) >= 4.5
    caption = blend(text, background, CAPTION_OPACITY)
    assert contrast(caption, background) >= 4.5, f"caption {caption} on {background}"
    assert contrast(THEME["primaryColor"], background) >= 4.5  # links and the active tab's label


@pytest.mark.parametrize("background", [THEME["codeBackgroundColor"], STREAMLIT_INLINE_CODE_BACKGROUND])
def test_code_text_reaches_4_5_to_1_even_in_a_caption(background):
    code = THEME["codeTextColor"]
    assert contrast(code, background) >= 4.5
    # a caption's 60 % opacity is resolved against the page's white, then the code's grey is behind it
    assert contrast(blend(code, WHITE, CAPTION_OPACITY), background) >= 4.5


def line_colours(area_ids) -> dict[str, str]:
    """Every colour drawn as a line, bar or point on white."""
    named = {f"PALETTE[{i}]": c for i, c in enumerate(colors.PALETTE)}
    named.update({f"area {a}": colors.area_color(a) for a in area_ids})
    named.update({"REFERENCE_GREY": colors.REFERENCE_GREY, "SELECTED_COLOR": deck.SELECTED_COLOR,
                  "risk HIGH": risk_charts.HIGH, "risk LOW": risk_charts.LOW, "LEGEND_EDGE": classes.LEGEND_EDGE})
    named.update({f"overlay {k}": c for k, c in deck.OVERLAY_COLORS.items()})
    return named


def test_lines_bars_and_points_reach_3_to_1_on_white(con):
    area_ids = [a for (a,) in con.execute("select area_id from areas").fetchall()]
    failing = {name: (c, round(contrast(c, WHITE), 2)) for name, c in line_colours(area_ids).items()
               if contrast(c, WHITE) < 3}
    assert not failing


@pytest.mark.parametrize("higher_is_better", [True, False, None])
@pytest.mark.parametrize("k", range(2, 8))
def test_adjacent_map_classes_stay_apart_for_colour_blind_readers(k, higher_is_better):
    ramp = classes.palette(k, higher_is_better)
    for deficiency in DEFICIENCIES:
        for a, b in zip(ramp, ramp[1:]):
            assert cvd_distance(a, b, deficiency) >= MIN_CVD_DELTA, (deficiency, a, b)
    assert contrast(ramp[0] if higher_is_better else ramp[-1], WHITE) >= 3  # the worst class stands out


@pytest.mark.parametrize("deficiency", DEFICIENCIES)
def test_adjacent_palette_entries_stay_apart(deficiency):
    pairs = zip(colors.PALETTE, colors.PALETTE[1:])
    close = [(a, b) for a, b in pairs if cvd_distance(a, b, deficiency) < MIN_CVD_DELTA]
    assert not close


GROUPS_DRAWN_TOGETHER = {
    "Stockholm and its boroughs": "select area_id, name from areas where (parent_id = '0180' and level = 'borough') or area_id = '0180'",
    "the fifteen Urban15 districts": "select area_id, name from areas where level = 'urban_district'",
    "the nine municipalities and Sweden": "select area_id, name from areas where level in ('municipality', 'country')",
    "Malmö's stadsdelar": "select area_id, name from areas where area_id like '1280-sd-%'",
}


@pytest.mark.parametrize("group", GROUPS_DRAWN_TOGETHER)
@pytest.mark.parametrize("deficiency", DEFICIENCIES)
def test_neighbours_in_a_chart_legend_stay_apart(con, group, deficiency):
    """Altair sorts a legend by name, so these are the colours a reader compares entry by entry."""
    rows = sorted(con.execute(GROUPS_DRAWN_TOGETHER[group]).fetchall(), key=lambda row: row[1])
    assert len(rows) >= 9
    legend = [(name, colors.area_color(area_id)) for area_id, name in rows]
    close = [(a, b) for a, b in zip(legend, legend[1:]) if cvd_distance(a[1], b[1], deficiency) < MIN_CVD_DELTA]
    assert not close

"""The risk index: properties (hypothesis), a hand-computed example, gaps, flags, presets."""
from __future__ import annotations

import json
import math

import pandas as pd
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from sammanhallen.data_import.providers.recipes import load_recipes
from sammanhallen.risk_index import model as ri
from sammanhallen.risk_index import presets as rp

REF = "city"

# ------------------------------------------------------------------------------ hand-computed example
#
# Three areas, four indicators, reference "city". Item weights: i1 = 1, i2 = 2 (both försörjning),
# i3 = 1 (sociala riskfaktorer), i4 = 1 (hälsa). Domain weights: försörjning 2, the others 1.
# i2 is "higher is better", so its ratio is inverted.
#
#            i1      i2      i3      i4
#   city     4.0     80.0    10.0    20.0
#   A        8.0     60.0    15.0    30.0
#   B        2.0    100.0     5.0    10.0
#   C        4.0     40.0    12.0     –     (no value: C's index uses 3 of 4)
#
# Relative values R (city = 100):
#   A: i1 = 200, i2 = 100·80/60 = 133.333…, i3 = 150, i4 = 150
#   B: i1 = 50,  i2 = 100·80/100 = 80,       i3 = 50,  i4 = 50
#   C: i1 = 100, i2 = 100·80/40 = 200,       i3 = 120
# Domains:
#   A: försörjning = (1·200 + 2·133.333…)/3 = 1400/9 = 155.5556; sociala = 150; hälsa = 150
#      index = (2·1400/9 + 150 + 150)/4 = 5500/36 = 152.7778
#   B: försörjning = (50 + 160)/3 = 70; sociala = 50; hälsa = 50; index = (140 + 50 + 50)/4 = 60.0000
#   C: försörjning = (100 + 400)/3 = 166.6667; sociala = 120; hälsa: none, left out
#      index = (2·500/3 + 120)/3 = 1360/9 = 151.1111
# Ranks: A 1, C 2, B 3.

HAND = pd.DataFrame(
    [(a, i, 2012, v) for a, vals in {
        REF: (4.0, 80.0, 10.0, 20.0), "A": (8.0, 60.0, 15.0, 30.0),
        "B": (2.0, 100.0, 5.0, 10.0), "C": (4.0, 40.0, 12.0, None)}.items()
     for i, v in zip(("i1", "i2", "i3", "i4"), vals) if v is not None],
    columns=["area_id", "indicator_id", "year", "value"],
)
HAND["higher_is_better"] = HAND["indicator_id"].map({"i1": False, "i2": True, "i3": False, "i4": False})


def hand_preset(min_indicators: int = 4) -> rp.Preset:
    return rp.Preset(
        "hand", "Handräknat", "Hand-computed", "borough", "x", REF,
        items=(rp.Item("i1", "forsorjning", 1), rp.Item("i2", "forsorjning", 2),
               rp.Item("i3", "sociala_riskfaktorer", 1), rp.Item("i4", "halsa", 1)),
        min_indicators=min_indicators,
        domain_weights={"forsorjning": 2, "sociala_riskfaktorer": 1, "halsa": 1, "sakerhet_trygghet": 1},
    )


def test_hand_computed_example_matches_to_the_decimal():
    result = ri.compute(HAND, hand_preset())
    total = result.total.set_index("area_id")
    assert round(total.loc["A", "index"], 4) == 152.7778
    assert round(total.loc["B", "index"], 4) == 60.0
    assert round(total.loc["C", "index"], 4) == 151.1111
    assert total.loc[REF, "index"] == 100.0
    assert total.loc["A", "index"] == pytest.approx(5500 / 36, rel=1e-12)
    assert total.loc["C", "index"] == pytest.approx(1360 / 9, rel=1e-12)
    assert total.loc[["A", "C", "B"], "rank"].tolist() == [1, 2, 3]
    assert pd.isna(total.loc[REF, "rank"])

    domains = result.domains.set_index(["area_id", "domain"])["index"]
    assert round(domains["A", "forsorjning"], 4) == 155.5556
    assert round(domains["C", "forsorjning"], 4) == 166.6667
    assert domains["B", "halsa"] == 50.0
    assert ("C", "halsa") not in domains.index  # a domain without a usable indicator is left out, not 100

    comp = result.components.set_index(["area_id", "indicator_id"])
    assert round(comp.loc[("A", "i2"), "relative"], 4) == 133.3333
    assert comp.loc[("C", "i4"), "reason"] == "no_value" and not comp.loc[("C", "i4"), "used"]

    assert total.loc["C", "n_used"] == 3 and total.loc["C", "n_items"] == 4
    assert total.loc["C", "indicators_used"] == "i1,i2,i3"
    assert bool(total.loc["C", "flagged"]) and not bool(total.loc["A", "flagged"])
    assert total.loc["C", "n_domains"] == 2 and total.loc["A", "n_domains"] == 3


def test_below_the_minimum_is_flagged_not_hidden():
    result = ri.compute(HAND, hand_preset(min_indicators=3))
    assert not result.total["flagged"].any()
    result = ri.compute(HAND, hand_preset(min_indicators=4))
    flagged = result.total.set_index("area_id")["flagged"]
    assert flagged.to_dict() == {"A": False, "B": False, "C": True, REF: False}
    assert result.total.set_index("area_id").loc["C", "index"] > 0  # shown, with its flag


def test_a_missing_reference_value_makes_the_input_unusable():
    without_city_i1 = HAND[~((HAND.area_id == REF) & (HAND.indicator_id == "i1"))]
    result = ri.compute(without_city_i1, hand_preset())
    comp = result.components
    i1 = comp[comp.indicator_id == "i1"]
    assert set(i1.loc[i1.area_id != REF, "reason"]) == {"no_reference"}
    assert not i1["used"].any() and i1["relative"].isna().all()
    total = result.total.set_index("area_id")
    assert total.loc["A", "n_used"] == 3 and "i1" not in total.loc["A", "indicators_used"].split(",")
    # A's försörjning now rests on i2 alone: 133.333…
    dom = result.domains.set_index(["area_id", "domain"])["index"]
    assert dom["A", "forsorjning"] == pytest.approx(400 / 3)


@pytest.mark.parametrize("area_value, reference_value, reason", [
    (0.0, 4.0, "not_positive"), (-1.0, 4.0, "not_positive"), (2.0, 0.0, "reference_not_positive"),
])
def test_zero_or_negative_values_are_unusable_with_a_reason(area_value, reference_value, reason):
    frame = HAND.copy()
    frame.loc[(frame.area_id == "A") & (frame.indicator_id == "i1"), "value"] = area_value
    frame.loc[(frame.area_id == REF) & (frame.indicator_id == "i1"), "value"] = reference_value
    comp = ri.compute(frame, hand_preset()).components.set_index(["area_id", "indicator_id"])
    assert comp.loc[("A", "i1"), "reason"] == reason
    assert not comp.loc[("A", "i1"), "used"]


def test_an_indicator_without_direction_is_unusable():
    frame = HAND.copy()
    frame["higher_is_better"] = frame["higher_is_better"].astype(object)
    frame.loc[frame.indicator_id == "i4", "higher_is_better"] = None
    comp = ri.compute(frame, hand_preset()).components
    assert set(comp.loc[(comp.indicator_id == "i4") & comp.value.notna(), "reason"]) == {"no_direction"}


def test_reference_enters_only_where_areas_have_values():
    frame = pd.concat([HAND, pd.DataFrame([{"area_id": REF, "indicator_id": "i1", "year": 2000, "value": 5.0,
                                            "higher_is_better": False}])])
    result = ri.compute(frame, hand_preset())
    assert result.years == [2012]


# ------------------------------------------------------------------------------------- properties

DOMAIN = st.sampled_from(rp.DOMAINS)
POSITIVE = st.floats(min_value=0.01, max_value=1e4, allow_nan=False, allow_infinity=False)
WEIGHT = st.floats(min_value=0.1, max_value=10, allow_nan=False, allow_infinity=False)


@st.composite
def cases(draw, min_areas=2):
    """A random preset (1–5 indicators, mixed directions and domains) and inputs for 2–6 areas and
    the reference over 1–2 years, with some values missing."""
    n_ind = draw(st.integers(1, 5))
    ids = [f"ind{k}" for k in range(n_ind)]
    items = tuple(rp.Item(i, draw(DOMAIN), draw(WEIGHT)) for i in ids)
    hib = {i: draw(st.booleans()) for i in ids}
    dw = {d: draw(WEIGHT) for d in rp.DOMAINS}
    areas = [f"area{k}" for k in range(draw(st.integers(min_areas, 6)))]
    years = list(range(2010, 2010 + draw(st.integers(1, 2))))
    rows = []
    for year in years:
        for indicator in ids:
            rows.append((REF, indicator, year, draw(POSITIVE)))
            for area in areas:
                if draw(st.integers(0, 5)) > 0:  # about one value in six is missing
                    rows.append((area, indicator, year, draw(POSITIVE)))
    frame = pd.DataFrame(rows, columns=["area_id", "indicator_id", "year", "value"])
    frame["higher_is_better"] = frame["indicator_id"].map(hib)
    preset = rp.Preset("prop", "Egenskap", "Property", "borough", "x", REF, items,
                       min_indicators=draw(st.integers(1, n_ind)), domain_weights=dw)
    return frame, preset


PROPS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPS
@given(cases())
def test_property_reference_area_is_exactly_100(case):
    frame, preset = case
    result = ri.compute(frame, preset)
    ref = result.total[result.total.is_reference]
    assume(not ref.empty)
    assert (ref["index"].dropna() == 100.0).all()
    assert (result.domains.loc[result.domains.area_id == REF, "index"] == 100.0).all()


@PROPS
@given(cases(), st.data(), st.floats(min_value=1.001, max_value=50))
def test_property_monotonic_in_each_input_in_its_direction(case, data, factor):
    frame, preset = case
    others = frame[frame.area_id != REF]
    assume(not others.empty)
    row = data.draw(st.sampled_from(list(others.index)))
    area, year, indicator = others.loc[row, ["area_id", "year", "indicator_id"]]
    higher_is_better = bool(others.loc[row, "higher_is_better"])
    raised = frame.copy()
    raised.loc[row, "value"] *= factor
    first, second = ri.compute(frame, preset), ri.compute(raised, preset)
    key = (area, year)
    before = first.total.set_index(["area_id", "year"]).loc[key, "index"]
    after = second.total.set_index(["area_id", "year"]).loc[key, "index"]
    tolerance = 1e-9 * max(abs(before), 1.0)  # floating-point rounding only
    r_before = first.components.set_index(["area_id", "year", "indicator_id"]).loc[(area, year, indicator), "relative"]
    r_after = second.components.set_index(["area_id", "year", "indicator_id"]).loc[(area, year, indicator), "relative"]
    if higher_is_better:  # more of a good thing: less risk
        assert r_after < r_before
        assert after <= before + tolerance
    else:
        assert r_after > r_before
        assert after >= before - tolerance
    for domain in {i.domain for i in preset.items}:  # and every domain index moves the same way or not at all
        d1 = first.domains.set_index(["area_id", "year", "domain"])["index"].get((area, year, domain))
        d2 = second.domains.set_index(["area_id", "year", "domain"])["index"].get((area, year, domain))
        if d1 is not None:
            assert (d2 <= d1 + 1e-9 * max(abs(d1), 1.0)) if higher_is_better else (d2 >= d1 - 1e-9 * max(abs(d1), 1.0))


def test_direction_decides_which_way_the_index_moves():
    raised = HAND.copy()
    raised.loc[(raised.area_id == "A") & (raised.indicator_id == "i2"), "value"] = 80.0  # better employment
    assert ri.compute(raised, hand_preset()).total.set_index("area_id").loc["A", "index"] < 152.7777
    raised.loc[(raised.area_id == "A") & (raised.indicator_id == "i1"), "value"] = 12.0  # more assistance
    assert ri.compute(raised, hand_preset()).total.set_index("area_id").loc["A", "index"] > 152.7778


@PROPS
@given(cases(), st.data(), st.floats(min_value=1e-3, max_value=1e3))
def test_property_unit_scaling_does_not_change_the_index(case, data, scale):
    frame, preset = case
    indicator = data.draw(st.sampled_from(preset.indicator_ids))
    scaled = frame.copy()
    scaled.loc[scaled.indicator_id == indicator, "value"] *= scale  # e.g. per cent -> per mille, kr -> tkr
    a = ri.compute(frame, preset).total.set_index(["area_id", "year"])["index"]
    b = ri.compute(scaled, preset).total.set_index(["area_id", "year"])["index"]
    pd.testing.assert_series_equal(a, b.loc[a.index], rtol=1e-9, atol=0)


@PROPS
@given(cases(), st.randoms(use_true_random=False))
def test_property_permuting_areas_does_not_change_any_value(case, rnd):
    frame, preset = case
    areas = sorted(set(frame.area_id) - {REF})
    shuffled_names = areas[:]
    rnd.shuffle(shuffled_names)
    rename = dict(zip(areas, shuffled_names))  # areas swap places (and names) ...
    rows = list(frame.index)
    rnd.shuffle(rows)                          # ... and the rows come in another order
    permuted = frame.loc[rows].assign(area_id=lambda f: f.area_id.map(lambda a: rename.get(a, a)))
    a = ri.compute(frame, preset).total.set_index(["area_id", "year"])
    b = ri.compute(permuted, preset).total.set_index(["area_id", "year"])
    for (area, year), row in a.iterrows():
        other = b.loc[(rename.get(area, area), year)]
        assert (pd.isna(row["index"]) and pd.isna(other["index"])) or row["index"] == other["index"]
        assert row["n_used"] == other["n_used"] and row["flagged"] == other["flagged"]


@PROPS
@given(cases())
def test_property_counts_and_flags_are_consistent(case):
    frame, preset = case
    result = ri.compute(frame, preset)
    total = result.total
    assert ((total["n_used"] < preset.min_indicators) == total["flagged"]).all()
    assert (total["n_items"] == len(preset.items)).all()
    used = result.components.groupby(["area_id", "year"])["used"].sum()
    assert (total.set_index(["area_id", "year"])["n_used"] == used.loc[total.set_index(["area_id", "year"]).index]).all()
    # an index lies between the smallest and the largest relative value it is built from
    comp = result.components[result.components.used]
    bounds = comp.groupby(["area_id", "year"])["relative"].agg(["min", "max"])
    joined = total.dropna(subset=["index"]).set_index(["area_id", "year"]).join(bounds)
    assert (joined["index"] >= joined["min"] * (1 - 1e-12)).all() and (joined["index"] <= joined["max"] * (1 + 1e-12)).all()


# ------------------------------------------------------------------------------------ sensitivity


def test_leave_one_out_reports_rank_changes():
    changes = ri.leave_one_out(HAND, hand_preset())
    assert set(changes["changed"]) == {"i1", "i2", "i3", "i4"}
    # Without i2 (C's 200 in försörjning), C falls from rank 2 to rank 2? compute by hand:
    # A: fors 200, soc 150, hals 150 -> (400+300)/4 = 175; B: (100+50+50)/4 = 50; C: fors 100, soc 120 -> (200+120)/3 = 106.67
    no_i2 = changes[changes.changed == "i2"].set_index("area_id")
    assert no_i2.loc["A", "index_after"] == pytest.approx(175.0)
    assert no_i2.loc["C", "index_after"] == pytest.approx(320 / 3)
    assert no_i2.loc["C", "rank_before"] == 2 and no_i2.loc["C", "rank_after"] == 2


def test_weight_change_can_reorder():
    # Weight i2 (where C is worst, 200) up: C overtakes A.
    changes = ri.reweighted(HAND, hand_preset(), item_weights={"i2": 10})
    after = changes.set_index("area_id")
    assert after.loc["C", "rank_after"] == 1 and after.loc["A", "rank_after"] == 2
    assert after.loc["C", "rank_change"] == 1 and after.loc["A", "rank_change"] == -1
    summary = ri.sensitivity_summary(changes)
    assert summary.loc[0, "n_moved"] == 2 and summary.loc[0, "max_move"] == 1


# ---------------------------------------------------------------------------------------- presets

INDICATORS = pd.DataFrame([
    ("share_bad", "percent", False, "forsorjning"), ("share_good", "percent", True, "arbete"),
    ("population", "persons", None, "befolkning"), ("people", "persons", False, "forsorjning"),
    ("welfare", "index", True, "index"), ("place", "rank", False, "index"),
], columns=["indicator_id", "unit", "higher_is_better", "domain"])


def simple(**changes) -> rp.Preset:
    base = dict(preset_id="user-test", name_sv="Test", name_en="Test", level="borough", parent_id="0180",
                reference_area_id="0180", items=(rp.Item("share_bad", "forsorjning", 1.0),
                                                 rp.Item("share_good", "sociala_riskfaktorer", 2.0)),
                min_indicators=1)
    base.update(changes)
    return rp.Preset(**base)


@pytest.mark.parametrize("changes, message", [
    ({"items": ()}, "Choose at least one indicator"),
    ({"items": (rp.Item("share_bad", "forsorjning"), rp.Item("share_bad", "halsa"))}, "listed twice"),
    ({"items": (rp.Item("share_bad", "arbete"),)}, "unknown domain"),
    ({"items": (rp.Item("share_bad", "forsorjning", 0.0),)}, "weight must be greater than 0"),
    ({"items": (rp.Item("share_bad", "forsorjning", float("nan")),)}, "weight must be greater than 0"),
    ({"min_indicators": 3}, "between 1 and 2"),
    ({"min_indicators": 0}, "between 1 and 2"),
    ({"preset_id": "Bad Id!"}, "may only contain"),
    ({"name_sv": " "}, "needs a name"),
    ({"domain_weights": {"forsorjning": -1}}, "Domain forsorjning: the weight"),
])
def test_structural_validation(changes, message):
    with pytest.raises(rp.PresetError, match=message):
        rp.validate(simple(**changes))


@pytest.mark.parametrize("indicator, message", [
    ("population", "no direction"),
    ("people", "count or a rank"),
    ("welfare", "cannot be an input"),
    ("place", "cannot be an input"),
    ("missing", "not among the indicators"),
])
def test_validation_against_the_indicator_table(indicator, message):
    with pytest.raises(rp.PresetError, match=message) as caught:
        rp.validate(simple(items=(rp.Item(indicator, "forsorjning"),)), INDICATORS)
    assert all(sv and en for sv, en in caught.value.problems)  # every message in both languages


def test_valid_preset_passes():
    rp.validate(simple(), INDICATORS)


def test_save_and_load_round_trip(tmp_path, monkeypatch):
    monkeypatch.setenv("DASHBOARD_USER_DIR", str(tmp_path))
    preset = simple(name_sv="Mitt index", description_sv="Prov", domain_weights={**{d: 1.0 for d in rp.DOMAINS},
                                                                                 "forsorjning": 2.5})
    path = rp.save_preset(preset, INDICATORS)
    assert path == tmp_path / "index_presets" / "user-test.json"
    assert not list(path.parent.glob("*.tmp"))
    loaded = rp.load_presets()
    assert loaded["user-test"] == preset
    assert not loaded["user-test"].shipped
    assert loaded["stockholm_sdo"].shipped and loaded["malmo_stadsdelar"].shipped
    assert list(loaded)[:2] == ["malmo_stadsdelar", "stockholm_sdo"]  # shipped first
    assert rp.delete_user_preset("user-test") and "user-test" not in rp.load_presets()


def test_saving_refuses_invalid_and_shipped_presets(tmp_path, monkeypatch):
    monkeypatch.setenv("DASHBOARD_USER_DIR", str(tmp_path))
    with pytest.raises(rp.PresetError, match="no direction"):
        rp.save_preset(simple(items=(rp.Item("population", "forsorjning"),)), INDICATORS)
    with pytest.raises(rp.PresetError, match="shipped preset"):
        rp.save_preset(simple(preset_id="stockholm_sdo"))
    assert not (tmp_path / "index_presets").exists() or not list((tmp_path / "index_presets").iterdir())


def test_a_broken_user_file_is_skipped_and_reported(tmp_path, monkeypatch):
    monkeypatch.setenv("DASHBOARD_USER_DIR", str(tmp_path))
    folder = tmp_path / "index_presets"
    folder.mkdir()
    (folder / "broken.json").write_text("{not json", encoding="utf-8")
    (folder / "partial.json").write_text(json.dumps({"preset_id": "x"}), encoding="utf-8")
    errors: list = []
    presets = rp.load_presets(errors=errors)
    assert set(presets) == {"malmo_stadsdelar", "stockholm_sdo", "urban15_kommuner"}
    assert sorted(name for name, _ in errors) == ["broken.json", "partial.json"]


def test_new_preset_id_is_a_free_slug():
    assert rp.new_preset_id("Mitt Index för Söderort", []) == "user-mitt-index-for-soderort"
    assert rp.new_preset_id("Mitt index", ["user-mitt-index"]) == "user-mitt-index-2"


# ------------------------------------------------------------------------------ the shipped presets


def test_shipped_presets_are_valid_against_the_database(con):
    indicators = con.execute("select indicator_id, unit, higher_is_better, domain from indicators").df()
    fillable = {recipe.indicator_id for recipe in load_recipes().values()}
    for preset in rp.load_presets(user_presets_dir=None).values():
        if not preset.shipped:
            continue
        rp.validate(preset, indicators)
        assert preset.description_sv and preset.description_en
        frame = ri.inputs(con, preset)
        result = ri.compute(frame, preset)
        # every indicator of a shipped preset is usable in at least one year (has a reference value),
        # or a provider recipe fills it (a refresh gives it values; until then "Vad saknas?" names the recipe)
        used = set(result.components.loc[result.components.used, "indicator_id"])
        assert used, preset.preset_id
        assert set(preset.indicator_ids) - used <= fillable, (preset.preset_id, set(preset.indicator_ids) - used - fillable)
        assert (result.total.loc[result.total.is_reference, "index"] == 100.0).all()


def test_stockholm_preset_on_the_data(con):
    preset = rp.load_presets()["stockholm_sdo"]
    result = ri.compute(ri.inputs(con, preset), preset)
    assert result.years == [2005, 2006, 2007, 2015, 2016, 2017]
    assert ri.complete_years(result) == [2017] and ri.default_year(result) == 2017
    y2017 = result.total[(result.total.year == 2017) & ~result.total.is_reference].set_index("area_id")
    assert len(y2017) == 14 and (y2017.n_used == 2).all() and not y2017.flagged.any()
    assert y2017["rank"].idxmin() == "0180-sdo-rinkeby-kista"
    # 2015: one indicator of three, below the minimum of two: flagged
    assert result.total.loc[result.total.year == 2015, "flagged"].all()


def test_malmo_preset_on_the_data(con):
    preset = rp.load_presets()["malmo_stadsdelar"]
    result = ri.compute(ri.inputs(con, preset), preset)
    assert result.years == [1999, 2009, 2010, 2011]
    top = result.total[(result.total.year == 2011) & (result.total["rank"] == 1)]
    assert top.area_id.tolist() == ["1280-sd-rosengard"]


def test_segments_break_at_gaps_and_at_changes_of_inputs():
    total = pd.DataFrame({"area_id": ["a"] * 5, "year": [2005, 2006, 2007, 2015, 2016],
                          "indicators_used": ["x", "x", "x,y", "x,y", "x,y"]})
    seg = ri.segments(total)
    assert seg.tolist() == ["a#1", "a#1", "a#2", "a#3", "a#3"]


def test_math_is_safe_for_extreme_values():
    frame = HAND.copy()
    frame.loc[frame.area_id == "A", "value"] *= 1e12
    total = ri.compute(frame, hand_preset()).total
    assert total["index"].map(math.isfinite).all()

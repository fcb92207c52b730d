"""'Vad saknas?' lists stored and missing inputs per domain / model input with the recipes that fill them."""
from __future__ import annotations

from sammanhallen.data_import.providers import gaps, recipes
from sammanhallen.risk_index.presets import load_presets


def test_grant_gaps_cover_24_areas_and_name_recipes(db_path, con):
    all_recipes = recipes.load_recipes()
    frame = gaps.grant_gaps(db_path, all_recipes)
    assert frame["area_id"].nunique() == 24
    population = frame[frame.indicator_id == "folkmangd"]
    stored = con.execute("SELECT count(*) FROM observations o JOIN areas a USING (area_id) WHERE indicator_id = 'folkmangd' "
                         "AND a.level IN ('urban_district', 'municipality')").fetchone()[0]
    assert population.has_value.sum() == stored
    filling = {r.name for r in all_recipes.values() if r.indicator_id == "folkmangd"}
    assert filling and all(set(r) == filling for r in population.recipes)
    assert set(gaps.missing(frame).has_value) <= {False}


def test_preset_gaps_follow_the_presets_domains(db_path):
    preset = load_presets(include_user=False)["stockholm_sdo"]
    frame = gaps.preset_gaps(db_path, preset, {})
    assert set(frame.group) == set(preset.domains)
    assert set(frame.indicator_id) == set(preset.indicator_ids)
    assert frame.has_value.any() and (~frame.has_value).any()
    assert set(frame.label_en) <= {"Self-support", "Social risk factors", "Health", "Safety and security"}


def test_a_domain_without_any_value_is_listed_as_missing_with_its_recipes(db_path):
    preset = load_presets(include_user=False)["urban15_kommuner"]  # before a refresh: only förvärvsfrekvens has values
    frame = gaps.preset_gaps(db_path, preset, recipes.load_recipes())
    assert set(frame.group) == set(preset.domains)
    safety = frame[frame.group == "sakerhet_trygghet"]
    assert len(safety) and not safety.has_value.any()
    assert all("kolada_anmalda_brott" in r or "kolada_anmalda_valdsbrott" in r for r in safety.recipes)

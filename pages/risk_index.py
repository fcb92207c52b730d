"""Riskindex: the social-risk index computed openly by the dashboard from the indicators in the data,
with its inputs, gaps, sensitivity and the published index values beside it. The URL is the permalink."""
import streamlit as st

from components.risk_index import controls as ctl
from components.risk_index import sensitivity as index_sensitivity
from components.risk_index import sections as views
from components.db import run
from components import missing_inputs
from components.i18n import pick, t
from components.page import main_container

with main_container("risk_index"):
    st.title(t("Riskindex – beräknat av dashboarden", "Risk index – computed by the dashboard"))
    views.intro()
    presets = ctl.presets()
    preset = ctl.choose(presets)
    base = presets[preset.preset_id]
    where = dict(level=preset.level, parent_id=preset.parent_id, reference_area_id=preset.reference_area_id)
    candidates = run("index_candidates", **where)
    indicator_table = run("indicators_list")
    references = run("areas_by_level", level="municipality")
    references = references[references.area_id == base.parent_id]
    with st.expander(t("Ändra indikatorer, vikter, referens och minimum", "Edit indicators, weights, reference and minimum"),
                     expanded=ctl.is_edited(base.preset_id)):
        ctl.editor(preset, base, candidates, references, indicator_table)
        ctl.save_form(preset, presets, indicator_table)
    if ctl.is_edited(base.preset_id):
        st.info(t("Du ser en ändrad version av förinställningen (inte sparad).",
                  "You are looking at an edited version of the preset (not saved)."))

    inputs = run("index_inputs", indicator_ids=preset.indicator_ids, **where)
    areas = run("index_areas", **where)
    names = dict(zip(areas.area_id, areas.name))
    ref_name = names.get(preset.reference_area_id, preset.reference_area_id)
    indicator_names = dict(zip(indicator_table.indicator_id, pick(indicator_table, "name")))
    units = dict(zip(indicator_table.indicator_id, indicator_table.unit))
    result = views.compute(inputs, preset)
    views.coverage(preset, result, candidates, indicator_names, ref_name)
    missing_inputs.for_preset(preset)  # before any stop: a preset without values most needs to say what is missing

    year = ctl.year(result)
    if year is None:
        st.warning(t("Inget område får ett index med de här valen: inga indikatorer har värden både för områdena och "
                     "för referensområdet samma år.", "No area gets an index with these choices: no indicator has values "
                     "for both the areas and the reference area in the same year."))
        st.stop()
    st.header(t(f"Index per område {year}", f"Index per area, {year}"))
    views.ranking(result, inputs, areas, year, ref_name)

    st.header(t("Över tid", "Over time"))
    views.over_time(result, inputs, names, indicator_names, ref_name)

    st.header(t("Publicerade index bredvid", "Published indices beside it"))
    published = run("index_published", indicator_ids=list(preset.published) or [""], municipality_id=preset.parent_id)
    views.published(published, result, year, names)

    st.header(t("Känslighet", "Sensitivity"))
    index_sensitivity.render(inputs, result, year, names, indicator_names)

    st.header(t("Så räknas indexet", "How the index is computed"))
    views.method(preset, result, candidates, inputs, year, names, indicator_names, units, ref_name)

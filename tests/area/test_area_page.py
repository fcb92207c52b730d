"""The area profile page renders for every area in the warehouse, in Swedish and English (one AppTest,
the area changed through the query parameter as a permalink would)."""
from __future__ import annotations

from sammanhallen.data import queries
from tests.test_pages import main_container_present, open_page


def test_every_area_renders_in_both_languages(con):
    areas = queries.run(con, "area_index")
    at = open_page("pages/area.py", "sv")
    failures = []
    for language in ("sv", "en"):
        if language == "en":
            at.sidebar.radio(key="lang").set_value("en").run()
        for area in areas.itertuples():
            at.query_params["area"] = area.area_id
            at.run()
            titles = [x.value for x in at.title]
            if at.exception or titles != [area.name] or not main_container_present(at, "area"):
                failures.append((language, area.area_id, titles, [e.value for e in at.exception][:1]))
    assert not failures, failures[:5]


def test_profile_shows_figures_programme_and_grant(db_path):
    at = open_page("pages/area.py", "sv", area="u15-tensta")
    shown = " ".join(m.value for m in at.markdown).replace("\xa0", " ")
    assert "Folkmängd 2011: 18 393" in shown
    assert "5 567 000 kr" in shown and "Per invånare: 303 kr" in shown
    assert any("Tensta (Urban15-stadsdel)" == o for s in at.selectbox for o in s.options)
    at = open_page("pages/area.py", "en", area="0180-sdo-spanga-tensta")
    shown = " ".join(m.value for m in at.markdown)
    assert "2 of 14 boroughs" in shown and "Prioritised district committee" in shown
    assert "Similar areas" in [h.value for h in at.header]


def test_unknown_area_says_so(db_path):
    at = open_page("pages/area.py", "sv", area="nowhere")
    assert not at.exception
    assert any("nowhere" in w.value for w in at.warning)

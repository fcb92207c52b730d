"""Similar areas on the profile page: the year window, k, the minimum overlap and the indicators."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from components.i18n import lang, t
from sammanhallen.area import similar as area_similar, text
from sammanhallen.area.profile import Profile
from sammanhallen.i18n import column


def section(profile: Profile, obs: pd.DataFrame, areas: pd.DataFrame) -> tuple[area_similar.Similar, int]:
    """Controls and the result; returns the result and the minimum overlap (for the PDF)."""
    st.header(t("Liknande områden", "Similar areas"))
    level_obs = obs[obs["area_id"].isin(profile.peers)]
    names = {r["indicator_id"]: column(r, "indicator_name", lang()) for _, r in level_obs.drop_duplicates("indicator_id").iterrows()}
    if level_obs.empty:
        st.info(t("Inga värden på den här nivån att jämföra.", "No values at this level to compare."))
        return area_similar.Similar("too_little_data"), area_similar.DEFAULT_MIN_SHARED
    first, last = int(level_obs["year"].min()), int(level_obs["year"].max())
    with st.container(key="area-similar-controls"):
        cols = st.columns([2, 1, 1])
        window = cols[0].slider(t("År (senaste värdet i perioden)", "Years (latest value in the period)"), first,
                                max(last, first + 1), (first, max(last, first + 1)), key="area-similar-years")
        k = cols[1].number_input(t("Antal grannar", "Number of neighbours"), 1, 20, area_similar.DEFAULT_K, key="area-similar-k")
        m = cols[2].number_input(t("Minst gemensamma indikatorer", "Minimum shared indicators"), 1, 20,
                                 area_similar.DEFAULT_MIN_SHARED, key="area-similar-m")
        chosen = st.multiselect(t("Bara dessa indikatorer (tomt = alla)", "Only these indicators (empty = all)"),
                                sorted(names, key=names.get), format_func=names.get, key="area-similar-indicators",
                                placeholder=t("Alla indikatorer", "All indicators"))
    result = area_similar.similar(level_obs, profile.area["area_id"], profile.peers, window[0], window[1], int(k), int(m),
                                  chosen or None)
    area_names = dict(zip(areas["area_id"], areas["name"]))
    lines = text.similar_lines(result, area_names, names, int(m), lang())
    st.markdown("\n".join(lines) if result.status == "ok" else lines[0])
    st.caption(t("Varje indikator standardiseras (z-värde) över nivåns områden; avståndet är roten ur medelvärdet av de "
                 "kvadrerade skillnaderna över de gemensamma indikatorerna. 0 = samma värden.",
                 "Each indicator is standardised (z-score) across the level's areas; the distance is the square root of "
                 "the mean squared difference over the shared indicators. 0 = the same values."))
    return result, int(m)

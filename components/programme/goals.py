"""Programmet page: the four target areas with every goal and item as printed, the responsible
bodies (first named = main responsible), follow-up, indicators; and the committee filter."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from sammanhallen import i18n
from sammanhallen.programme import document as programme

from components.i18n import lang, pick, t

DOC = "Program för en sammanhållen stad 2015–2020"


def _cite(heading: str) -> str:
    return t(f"Stockholms stad (2014): {DOC}, rubrik ”{heading}”", f"City of Stockholm (2014): {DOC}, heading “{heading}”")


def responsibles_line(resp: pd.DataFrame) -> str:
    """'Ansvariga: **trafiknämnden** (huvudansvarig), stadsbyggnadsnämnden' in printed order and spelling."""
    if resp.empty:
        return ""
    names = []
    for _, r in resp.sort_values("position").iterrows():
        if bool(r["is_main"]) and len(resp) > 1:
            names.append(f"**{r['body']}** ({t('huvudansvarig', 'main responsible')})")
        elif bool(r["is_main"]):
            names.append(f"**{r['body']}** ({t('ensam ansvarig, därmed huvudansvarig', 'sole responsible, hence main')})")
        else:
            names.append(r["body"])
    return t("Ansvariga: ", "Responsible: ") + ", ".join(names)


def _indicator_links(goal_id: str, indicators: pd.DataFrame) -> None:
    mine = indicators[indicators["goal_id"] == goal_id]
    if mine.empty:  # stated once per target area (indicator_summary), not under every goal
        return
    for _, ind in mine.iterrows():
        name = pick(ind, "name")
        years = f"{int(ind['first_year'])}–{int(ind['last_year'])}" if ind["first_year"] != ind["last_year"] else str(int(ind["first_year"]))
        st.page_link("pages/trends.py", label=t(f"Mått i data: {name} ({years})", f"Indicator in the data: {name} ({years})"), query_params={"indicator": ind["indicator_id"]})
        st.caption(f"{ind['note']} — `/trender?indicator={ind['indicator_id']}`")


def _text(row: pd.Series) -> str:
    return pick(row, "text")


def _goal_block(row: pd.Series, resp: pd.DataFrame, indicators: pd.DataFrame, bullet: bool) -> None:
    prefix = "- " if bullet else f"**{row['goal_no']}** "
    st.markdown(prefix + _text(row), help=None)
    if lang() != "sv":  # the English goal is our translation: show the printed words too
        st.caption(f"As printed (Swedish): ”{row['text_sv']}”")
    line = responsibles_line(resp)
    if line:
        st.markdown(("&nbsp;&nbsp;&nbsp;" if bullet else "") + f"<small>{line}</small>", unsafe_allow_html=True)
    _indicator_links(row["goal_id"], indicators)


def target_area(goals: pd.DataFrame, responsibles: pd.DataFrame, indicators: pd.DataFrame, area_no: int) -> None:
    rows = goals[goals["target_area_no"] == area_no].sort_values("sort_order")
    gaps = programme.numbering_gaps(goals).get(area_no, [])
    indicator_summary(goals, indicators, area_no)
    for heading, part in rows.groupby("heading", sort=False):
        st.caption(_cite(heading))
        saw_item = False
        for _, row in part.iterrows():
            resp = responsibles[responsibles["goal_id"] == row["goal_id"]]
            if row["kind"] == "text" and isinstance(row["goal_no"], str) and row["goal_no"]:
                st.markdown(f"### {row['goal_no']}. {_text(row)}")
            elif row["kind"] == "text":
                st.markdown(_text(row))
                if lang() != "sv":  # the English goal is our translation: show the printed words too
                    st.caption(f"As printed (Swedish): ”{row['text_sv']}”")
                if not resp.empty:
                    st.markdown(f"<small>{responsibles_line(resp)}</small>", unsafe_allow_html=True)
                if row["goal_id"] in set(indicators["goal_id"]):
                    _indicator_links(row["goal_id"], indicators)
            elif row["kind"] == "goal":
                _goal_block(row, resp, indicators, bullet=False)
            else:
                if not saw_item:
                    st.markdown("*" + t("Målet innebär även att:", "The goal also means that:") + "*")
                    saw_item = True
                _goal_block(row, resp, indicators, bullet=True)
        follow = part["follow_up_by"].dropna().unique()
        if len(follow):
            st.markdown(t("**Uppföljningsansvar:** ", "**Follow-up responsibility:** ") + ", ".join(follow))
    for missing in gaps:
        st.info(t(f"Numreringen i dokumentet hoppar över {missing}: det finns inget mål med det numret.",
                  f"The document's numbering skips {missing}: there is no goal with that number."))


def indicator_summary(goals: pd.DataFrame, indicators: pd.DataFrame, area_no: int) -> None:
    """Once per target area: which goals have an indicator in the data; the others have none yet."""
    with_indicator = programme.goals_with_indicator(goals, indicators, area_no, lang())
    if not with_indicator:
        text = t("Mått i data: inget mått i data ännu för målen i detta målområde.",
                 "Indicators in the data: no indicator in the data yet for the goals in this target area.")
    else:
        listed = ", ".join(with_indicator)
        text = t(f"Mått i data: finns för {listed} (länkar under målet). Övriga mål i målområdet har inget mått i data ännu.",
                 f"Indicators in the data: for {listed} (links under the goal). The other goals in this target area have no indicator in the data yet.")
    st.caption(text)


def body_filter(goals: pd.DataFrame, responsibles: pd.DataFrame) -> None:
    """'Which goals is trafiknämnden responsible for, and as main responsible?' as a list and a matrix."""
    language = lang()
    catalogue = programme.bodies(responsibles)
    options = [None, *catalogue["canonical"]]
    printed = dict(zip(catalogue["canonical"], catalogue["printed"]))

    def label(c):
        if c is None:
            return t("Alla nämnder och bolag", "All committees and companies")
        spellings = printed[c]
        if len(spellings) > 1:
            return f"{c} ({t('tryckt', 'printed')}: " + " / ".join(f"”{s}”" for s in spellings) + ")"
        return c

    wanted = st.query_params.get("body")
    c1, c2 = st.columns([3, 1])
    chosen = c1.selectbox(t("Nämnd eller bolag", "Committee or company"), options, format_func=label,
                          index=options.index(wanted) if wanted in options else 0, key="programme-body")
    main_only = c2.checkbox(t("Bara som huvudansvarig", "Only as main responsible"), key="programme-main-only")
    if chosen is None:
        matrix = programme.responsibility_matrix(goals, responsibles, language)
    else:
        hits = programme.goals_for_body(responsibles, chosen, main_only=main_only)
        all_hits = programme.goals_for_body(responsibles, chosen)
        mains = all_hits[all_hits["is_main"].astype(bool)]
        labels = programme.goal_labels(goals, language)
        areas = dict(zip(goals["goal_id"], i18n.column(goals, "target_area", language)))
        main_list = "; ".join(f"{labels.get(g, g)} ({areas.get(g, '')})" for g in mains["goal_id"])
        st.markdown(t(
            f"**{chosen}** nämns som ansvarig för **{len(all_hits)}** mål och punkter, som huvudansvarig (först nämnd) för **{len(mains)}**"
            + (": " + main_list if len(mains) else "") + ".",
            f"**{chosen}** is named as responsible for **{len(all_hits)}** goals and items, as main responsible (named first) for "
            f"**{len(mains)}**" + (": " + main_list if len(mains) else "") + "."))
        text = i18n.column(goals.set_index("goal_id"), "text", language)
        lines = []
        for _, h in hits.iterrows():
            role = i18n.pick(programme.MAIN if bool(h["is_main"]) else programme.SHARED, language)
            g = h["goal_id"]
            lines.append(f"- **{labels.get(g, g)}** ({areas.get(g, '')}) — {role}; {t('tryckt', 'printed')} ”{h['body']}” — {text.get(g, '')}")
        with st.container(key="programme-body-answer"):
            st.markdown("\n".join(lines) if lines else t("Inga mål.", "No goals."))
        matrix = programme.responsibility_matrix(goals, responsibles[responsibles["goal_id"].isin(hits["goal_id"])], language)
    main_label, shared_label = i18n.pick(programme.MAIN, language), i18n.pick(programme.SHARED, language)
    styled = matrix.style.map(lambda v: "background-color: #cfe3f1; font-weight: bold" if v == main_label
                              else ("background-color: #f0f0f0" if v == shared_label else ""))
    area_column = matrix.columns[0]  # the target area: narrow, its full name shows on hover
    st.dataframe(styled, width="stretch", height=min(38 + 35 * len(matrix), 760), key="programme-matrix",
                 column_config={area_column: st.column_config.TextColumn(area_column, width="small")},
                 placeholder="–")
    st.caption(t(
        f"Rader: mål (numrerade som i dokumentet; numreringen börjar om i varje målområde) och punkter under ”Målet innebär även att” "
        "(a), b) … i dokumentets ordning); kolumner: nämnder och bolag. "
        f"”{main_label}” = först nämnd inom parentes "
        "(”Huvudansvarig för målet är den förvaltning eller bolag som står nämnd först inom parentes”, rubrik ”Mål > Stadsmiljö och boende”). "
        "Stavningsvarianter är sammanförda under ett namn. Källa: Stockholms stad (2014): " + DOC + ".",
        "Rows: goals (numbered as in the document; numbering restarts in each target area) and items under “Målet innebär även att” "
        "(a), b) … in document order); columns: committees and companies. "
        f"“{main_label}” = named first in the parenthesis "
        "(“Huvudansvarig för målet är den förvaltning eller bolag som står nämnd först inom parentes”, heading “Mål > Stadsmiljö och boende”). "
        "Spelling variants are grouped under one name. Source: City of Stockholm (2014): " + DOC + "."))

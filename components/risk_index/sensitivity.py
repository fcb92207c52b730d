"""Sensitivity of the risk-index ranking: leave one indicator out, or change one weight, and see
how each area's rank moves (slope chart and table)."""
from __future__ import annotations

import json

import pandas as pd
import streamlit as st

from sammanhallen.risk_index import charts as ic
from sammanhallen.risk_index import model as ri
from sammanhallen.risk_index import presets as rp
from sammanhallen.formatting import format_number

from components.i18n import lang, t, text
from components.vega import cached_spec


@st.cache_data(show_spinner=False, max_entries=32)
def _leave_one_out(preset_json: str, inputs: pd.DataFrame) -> pd.DataFrame:
    return ri.leave_one_out(inputs, rp.preset_from_dict(json.loads(preset_json)))


@st.cache_data(show_spinner=False, max_entries=64)
def _reweighted(preset_json: str, inputs: pd.DataFrame, item_weights: tuple, domain_weights: tuple) -> pd.DataFrame:
    return ri.reweighted(inputs, rp.preset_from_dict(json.loads(preset_json)), dict(item_weights), dict(domain_weights))


def _domain_label(d: str) -> str:
    return text(rp.DOMAIN_LABELS[d])


def render(inputs: pd.DataFrame, result: ri.IndexResult, year: int, names: dict[str, str],
           indicator_names: dict[str, str]) -> None:
    preset = result.preset
    comp = result.components
    present = set(comp.loc[comp["used"] & (comp["year"] == year), "indicator_id"])
    st.caption(t("Hur robust är rangordningen? Lämna bort en indikator eller ändra en vikt och se hur varje områdes rang "
                 "flyttar sig. Rang 1 = högst index.",
                 "How robust is the ranking? Leave an indicator out or change a weight and see how each area's rank "
                 "moves. Rank 1 = highest index."))
    key = rp.preset_key(preset)
    if len(preset.items) < 2:
        st.info(t("Förinställningen har bara en indikator: det finns inget att lämna bort.",
                  "The preset has a single indicator: there is nothing to leave out."))
        loo = pd.DataFrame(columns=ri.SENSITIVITY_COLUMNS)
    else:
        loo = _leave_one_out(key, inputs)
        summary = ri.sensitivity_summary(loo[(loo["year"] == year) & loo["changed"].isin(present)])
        if not summary.empty:
            st.dataframe(pd.DataFrame({
                t("Utan indikatorn", "Without the indicator"): summary["changed"].map(lambda i: indicator_names.get(i, i)),
                t("Områden jämförda", "Areas compared"): summary["n_areas"],
                t("Områden som byter rang", "Areas changing rank"): summary["n_moved"],
                t("Största flytt (placeringar)", "Largest move (places)"): summary["max_move"],
            }), hide_index=True, width="stretch", key="ri-sens-summary", placeholder="–")
        missing = [i.indicator_id for i in preset.items if i.indicator_id not in present]
        if missing:
            st.caption(t(f"Utan värden {year} (att lämna bort dem ändrar inget): ", f"No values in {year} (leaving them out changes nothing): ")
                       + "; ".join(indicator_names.get(i, i) for i in missing))

    modes = {"leave": t("Lämna bort en indikator", "Leave an indicator out"), "weight": t("Ändra en vikt", "Change a weight")}
    mode = st.radio(t("Prova", "Try"), list(modes), format_func=modes.get, horizontal=True, key="ri_sens_mode")
    if mode == "leave":
        if loo.empty:
            return
        choices = [i for i in preset.indicator_ids if i in present] or preset.indicator_ids
        which = st.selectbox(t("Indikator att lämna bort", "Indicator to leave out"), choices,
                             format_func=lambda i: indicator_names.get(i, i), key="ri_sens_leave")
        changes = loo[(loo["changed"] == which) & (loo["year"] == year)]
        what = t(f"utan {indicator_names.get(which, which).lower()}", f"without {indicator_names.get(which, which).lower()}")
        choice = ("leave", which)
    else:
        targets = [f"item:{i.indicator_id}" for i in preset.items] + [f"domain:{d}" for d in preset.domains]

        def target_label(tg: str) -> str:
            kind, ident = tg.split(":", 1)
            return indicator_names.get(ident, ident) if kind == "item" else t("Domänen ", "Domain ") + _domain_label(ident).lower()

        c1, c2 = st.columns([3, 2])
        target = c1.selectbox(t("Vikt att ändra", "Weight to change"), targets, format_func=target_label, key="ri_sens_target")
        kind, ident = target.split(":", 1)
        current = next(i.weight for i in preset.items if i.indicator_id == ident) if kind == "item" else preset.domain_weight(ident)
        new = c2.slider(t("Ny vikt", "New weight"), 0.5, 5.0, step=0.5, value=min(max(float(current) * 2, 0.5), 5.0),
                        key=f"ri_sens_weight_{target}")
        alone = kind == "item" and sum(1 for i in preset.items if i.domain == next(
            i.domain for i in preset.items if i.indicator_id == ident)) == 1
        if alone:
            st.info(t("Indikatorn är ensam i sin domän: dess vikt ändrar ingenting. Ändra domänens vikt i stället.",
                      "The indicator is alone in its domain: its weight changes nothing. Change the domain's weight instead."))
        items = ((ident, float(new)),) if kind == "item" else ()
        domains = ((ident, float(new)),) if kind == "domain" else ()
        changes = _reweighted(key, inputs, items, domains)
        changes = changes[changes["year"] == year]
        what = t(f"med vikten {format_number(new, None, 'sv')} för {target_label(target).lower()} "
                 f"(i stället för {format_number(current, None, 'sv')})",
                 f"with weight {format_number(new, None, 'en')} for {target_label(target).lower()} "
                 f"(instead of {format_number(current, None, 'en')})")
        choice = ("weight", target, float(new))
    _show(changes, preset, year, names, what, ic.inputs_source_line(inputs, result.components, year, lang()), choice)


def _show(changes: pd.DataFrame, preset: rp.Preset, year: int, names: dict[str, str], what: str, source: str,
          choice: tuple) -> None:
    ranked = changes.dropna(subset=["rank_before", "rank_after"])
    if ranked.empty:
        st.info(t(f"Inget område får ett index {year} {what}.", f"No area gets an index in {year} {what}."))
        return
    moved = int((ranked["rank_change"] != 0).sum())
    st.markdown(t(f"**{moved} av {len(ranked)} områden byter rang {year} {what}.**",
                  f"**{moved} of {len(ranked)} areas change rank in {year} {what}.**"))
    left, right = st.columns([1, 1.2])
    title = t(f"Rang {year}, före och efter", f"Rank in {year}, before and after")
    subtitle = [t(f"Riskindex ”{preset.name_sv}”, beräknat av dashboarden, {what}.",
                  f"Risk index “{preset.name_en}”, computed by the dashboard, {what}."),
                t("Rang 1 = högst index. Källa: se indikatorerna under ”Så räknas indexet”.",
                  "Rank 1 = highest index. Sources: see the indicators under “How the index is computed”.")]
    with left:
        spec = cached_spec("ri-slope", (rp.preset_key(preset), year, choice, what, title, subtitle),
                           lambda: ic.slope_chart(ranked, names, title, subtitle, lang()))
        st.vega_lite_chart(spec, width="stretch", key="ri-slope")
    ordered = ranked.sort_values("rank_after")
    flag = t(" (flaggat)", " (flagged)")
    with right:
        st.dataframe(pd.DataFrame({
            t("Område", "Area"): ordered["area_id"].map(lambda a: names.get(a, a)),
            t("Index före", "Index before"): [format_number(v, 1, lang()) + (flag if f else "")
                                              for v, f in zip(ordered["index_before"], ordered["flagged_before"].fillna(False))],
            t("Index efter", "Index after"): [format_number(v, 1, lang()) + (flag if f else "")
                                              for v, f in zip(ordered["index_after"], ordered["flagged_after"].fillna(False))],
            t("Rang före", "Rank before"): ordered["rank_before"].astype(int),
            t("Rang efter", "Rank after"): ordered["rank_after"].astype(int),
            t("Flytt", "Move"): [("+" if c > 0 else "") + str(int(c)) if c else "0" for c in ordered["rank_change"]],
        }), hide_index=True, width="stretch", key="ri-sens-table", height=38 + 35 * max(len(ordered), 1),
            placeholder="–")
        st.caption(t("Flytt: + = uppåt mot rang 1 (mer risk jämfört med de andra), − = nedåt. ",
                     "Move: + = up towards rank 1 (more risk compared with the others), − = down. ") + source)

"""Risk-index page controls: choose a preset, edit it in a form, save it as one's own, choose a year.

The page's URL holds the preset and the year (`?preset=stockholm_sdo&year=2017`). An edited preset
lives in the session until it is saved; it is computed at once, so the effect of a change is visible
before anything is saved.
"""
from __future__ import annotations

import pandas as pd
import streamlit as st

from sammanhallen.risk_index import model as ri
from sammanhallen.risk_index import presets as rp
from sammanhallen.risk_index.charts import as_list
from sammanhallen.formatting import format_number

from components import permalink
from components.i18n import lang, pick, t, text

WORKING = "ri_working"      # {"base": preset_id, "preset": dict} — the edited preset of the session
MESSAGES = "ri_messages"    # (kind, sv, en) shown once after a rerun


@st.cache_data(show_spinner=False, ttl=30)
def _load(user_dir: str) -> tuple[dict, list]:
    errors: list = []
    presets = rp.load_presets(errors=errors)
    return presets, errors


def presets() -> dict[str, rp.Preset]:
    found, errors = _load(str(rp.user_preset_dir()))
    for name, problems in errors:
        st.warning(t(f"Den sparade förinställningen {name} kunde inte läsas: ", f"The saved preset {name} could not be read: ")
                   + "; ".join(text(p) for p in problems))
    return found


def _flash() -> None:
    for kind, sv, en in st.session_state.pop(MESSAGES, []):
        getattr(st, kind)(t(sv, en))


PENDING = "ri_pending"       # changes to widget state asked for after the widgets were drawn


def _apply_pending() -> None:
    """Widget state may only change before the widget is drawn: apply what the last run asked for."""
    pending = st.session_state.pop(PENDING, None) or {}
    if "reset" in pending:
        st.session_state.pop(WORKING, None)
        for key in [k for k in st.session_state if str(k).startswith(f"ri_{pending['reset']}_")]:
            del st.session_state[key]
    if "select" in pending:
        st.session_state["ri_preset"] = pending["select"]
    if pending.get("forget_selection"):
        st.session_state.pop("ri_preset", None)


def _request(**changes) -> None:
    st.session_state[PENDING] = {**st.session_state.get(PENDING, {}), **changes}
    st.rerun()


def choose(found: dict[str, rp.Preset]) -> rp.Preset:
    """The preset selectbox (URL-synced). Returns the working preset: the chosen one, or its edited form."""
    _apply_pending()
    _flash()
    ids = list(found)
    if "ri_preset" not in st.session_state:
        wanted = permalink.value("preset", "stockholm_sdo")
        st.session_state["ri_preset"] = wanted if wanted in found else ids[0]
    elif st.session_state["ri_preset"] not in found:
        st.session_state["ri_preset"] = ids[0]

    def label(pid: str) -> str:
        p = found[pid]
        return p.name(lang()) + ("" if p.shipped else t(" (egen)", " (your own)"))

    preset_id = st.selectbox(t("Förinställning", "Preset"), ids, key="ri_preset", format_func=label,
                             help=t("En förinställning är ett val av indikatorer med domän och vikt, ett referensområde "
                                    "(= 100) och ett minsta antal indikatorer.",
                                    "A preset is a choice of indicators with domain and weight, a reference area (= 100) "
                                    "and a minimum number of indicators."))
    permalink.write({"preset": preset_id})
    working = st.session_state.get(WORKING)
    if working and working["base"] == preset_id:
        return rp.preset_from_dict(working["preset"])
    st.session_state.pop(WORKING, None)
    return found[preset_id]


def is_edited(preset_id: str) -> bool:
    working = st.session_state.get(WORKING)
    return bool(working and working["base"] == preset_id)


def _key(preset: rp.Preset, what: str, suffix: str = "") -> str:
    return f"ri_{preset.preset_id}_{what}" + (f"_{suffix}" if suffix else "")


def usable_candidates(candidates: pd.DataFrame) -> pd.DataFrame:
    """Candidate indicators that may enter an index (a direction, a share or an amount, not a published
    index), with `has_reference` telling whether the reference area has a value in any of their years."""
    if candidates.empty:
        return candidates.assign(has_reference=pd.Series(dtype=bool))
    ok = candidates[candidates["higher_is_better"].notna() & candidates["unit"].isin(rp.RATIO_UNITS)
                    & (candidates["domain"] != "index")].copy()
    ok["has_reference"] = ok["years_with_reference"].map(lambda ys: len(as_list(ys)) > 0).astype(bool)
    return ok


def editor(preset: rp.Preset, base: rp.Preset, candidates: pd.DataFrame, references: pd.DataFrame,
           indicator_table: pd.DataFrame) -> None:
    """The edit form: which indicators, their domain and weight, domain weights, minimum, reference.
    A valid submission becomes the session's working preset (and is computed at once)."""
    usable = usable_candidates(candidates)
    names = dict(zip(usable["indicator_id"], pick(usable, "name")))
    chosen = {i.indicator_id: i for i in preset.items}
    domain_options = list(rp.DOMAINS)

    def domain_label(d: str) -> str:
        return text(rp.DOMAIN_LABELS[d])

    with st.form(key=_key(base, "form"), border=True):
        st.markdown("**" + t("Indikatorer", "Indicators") + "**")
        st.caption(t("Vikten för en indikator väger den mot andra indikatorer i samma domän; domänvikterna väger "
                     "domänerna mot varandra. En indikator ensam i sin domän påverkas därför bara av domänvikten.",
                     "An indicator's weight weighs it against the other indicators of the same domain; the domain weights "
                     "weigh the domains against each other. An indicator alone in its domain is therefore affected "
                     "only by the domain weight."))
        h1, h2, h3 = st.columns([3, 1.6, 1])
        h1.caption(t("Indikator (med i indexet)", "Indicator (in the index)"))
        h2.caption(t("Domän", "Domain"))
        h3.caption(t("Vikt", "Weight"))
        for row in usable.itertuples():
            iid = row.indicator_id
            item = chosen.get(iid)
            c1, c2, c3 = st.columns([3, 1.6, 1], vertical_alignment="bottom")
            years = ", ".join(str(y) for y in as_list(row.years_with_reference))
            direction = t("högre är bättre (vänds)", "higher is better (inverted)") if row.higher_is_better else \
                t("högre är sämre", "higher is worse")
            help_text = (t(f"Riktning: {direction}. År med värde även för referensområdet: {years or 'inga'}.",
                           f"Direction: {direction}. Years with a value for the reference area too: {years or 'none'}."))
            c1.checkbox(names[iid] + ("" if row.has_reference else t(" – referensvärde saknas", " – no reference value")),
                        value=item is not None, key=_key(base, "use", iid), help=help_text,
                        disabled=not row.has_reference and item is None)
            default_domain = item.domain if item else ("forsorjning" if row.domain in ("forsorjning", "arbete", "ekonomi")
                                                       else "sociala_riskfaktorer")
            c2.selectbox(t("Domän", "Domain"), domain_options, index=domain_options.index(default_domain),
                         format_func=domain_label, key=_key(base, "domain", iid), label_visibility="collapsed")
            c3.number_input(t("Vikt", "Weight"), min_value=0.1, max_value=10.0, step=0.5,
                            value=float(item.weight) if item else 1.0, key=_key(base, "weight", iid),
                            label_visibility="collapsed")
        not_usable = candidates[~candidates["indicator_id"].isin(usable["indicator_id"])]
        if len(not_usable):
            st.caption(t("Kan inte ingå (ingen riktning, ett antal eller ett publicerat index): ",
                         "Cannot enter (no direction, a count or a published index): ")
                       + "; ".join(pick(not_usable, "name")))
        st.markdown("**" + t("Domänvikter", "Domain weights") + "**")
        cols = st.columns(len(rp.DOMAINS))
        for col, domain in zip(cols, rp.DOMAINS):
            col.number_input(domain_label(domain), min_value=0.1, max_value=10.0, step=0.5,
                             value=float(preset.domain_weight(domain)), key=_key(base, "dw", domain))
        c1, c2 = st.columns(2)
        c1.number_input(t("Minsta antal indikatorer (färre flaggas)", "Minimum number of indicators (fewer is flagged)"),
                        min_value=1, max_value=max(len(usable), 1), step=1,
                        value=min(int(preset.min_indicators), max(len(usable), 1)), key=_key(base, "min"))
        ref_ids = list(references["area_id"])
        c2.selectbox(t("Referensområde (= 100)", "Reference area (= 100)"), ref_ids,
                     index=ref_ids.index(preset.reference_area_id) if preset.reference_area_id in ref_ids else 0,
                     format_func=dict(zip(references["area_id"], references["name"])).get, key=_key(base, "ref"))
        submitted = st.form_submit_button(t("Beräkna med dessa val", "Compute with these choices"), key=_key(base, "apply"),
                                          type="primary")
    if submitted:
        _apply(base, usable, indicator_table)
    if is_edited(base.preset_id) and st.button(t("Återställ förinställningen", "Reset the preset"), key=f"ri_reset_{base.preset_id}"):
        _request(reset=base.preset_id)


def _apply(base: rp.Preset, usable: pd.DataFrame, indicator_table: pd.DataFrame) -> None:
    state = st.session_state
    items = tuple(rp.Item(iid, state[_key(base, "domain", iid)], float(state[_key(base, "weight", iid)]))
                  for iid in usable["indicator_id"] if state.get(_key(base, "use", iid)))
    edited = rp.Preset(
        base.preset_id, base.name_sv, base.name_en, base.level, base.parent_id, state[_key(base, "ref")], items,
        min_indicators=min(int(state[_key(base, "min")]), max(len(items), 1)),
        domain_weights={d: float(state[_key(base, "dw", d)]) for d in rp.DOMAINS},
        published=base.published, description_sv=base.description_sv, description_en=base.description_en,
    )
    problems = rp.check_preset(edited) + rp.check_against_indicators(edited, indicator_table)
    if problems:
        st.error("\n".join("- " + text(p) for p in problems))
        return
    if edited == base:
        st.session_state.pop(WORKING, None)
    else:
        st.session_state[WORKING] = {"base": base.preset_id, "preset": rp.preset_to_dict(edited)}
    st.rerun()


def save_form(preset: rp.Preset, found: dict[str, rp.Preset], indicator_table: pd.DataFrame) -> None:
    """Save the working preset under a new name (user presets live in the user folder)."""
    with st.form(key="ri_save_form", border=False):
        c1, c2 = st.columns([3, 1], vertical_alignment="bottom")
        name = c1.text_input(t("Spara som egen förinställning, namn", "Save as your own preset, name"), key="ri_save_name",
                             placeholder=t("t.ex. Försörjning med dubbel vikt", "e.g. Self-support weighted double"))
        saved = c2.form_submit_button(t("Spara", "Save"), key="ri_save")
    if saved:
        if not name.strip():
            st.error(t("Skriv ett namn först.", "Write a name first."))
            return
        new_id = rp.new_preset_id(name, found)
        to_save = rp.Preset(**{**{f: getattr(preset, f) for f in rp.Preset.__dataclass_fields__},
                               "preset_id": new_id, "name_sv": name.strip(), "name_en": name.strip(), "shipped": False})
        try:
            rp.save_preset(to_save, indicator_table)
        except rp.PresetError as exc:
            st.error("\n".join("- " + text(p) for p in exc.problems))
            return
        _load.clear()
        st.session_state[MESSAGES] = [("success", f"Sparad som ”{name.strip()}”.", f"Saved as “{name.strip()}”.")]
        _request(reset=preset.preset_id, select=new_id)
    if not preset.shipped and preset.preset_id in found and not is_edited(preset.preset_id):
        if st.button(t("Ta bort den här egna förinställningen", "Delete this preset of yours"), key="ri_delete"):
            rp.delete_user_preset(preset.preset_id)
            _load.clear()
            _request(forget_selection=True)


def year(result: ri.IndexResult) -> int | None:
    """Year picker over the years with an index (URL-synced); the default is the latest complete year."""
    years = ri.usable_years(result)
    if not years:
        return None
    default = ri.default_year(result)
    key = f"ri_year_{result.preset.preset_id}"
    if key not in st.session_state:
        wanted = permalink.value("year")
        st.session_state[key] = int(wanted) if wanted.isdigit() and int(wanted) in years else default
    elif st.session_state[key] not in years:
        st.session_state[key] = default
    complete = set(ri.complete_years(result))
    if len(years) > 1:
        chosen = st.radio(t("År", "Year"), options=years, key=key, horizontal=True,
                          format_func=lambda y: str(y) + ("" if y in complete else " *"),
                          help=t("Bara år då områdena har ett index. * = alla områden flaggade det året (för få "
                                 "indikatorer).", "Only years in which the areas have an index. * = every area flagged "
                                 "that year (too few indicators)."))
    else:
        chosen = years[0]
        st.markdown(t(f"**År:** {chosen} (enda året med index)", f"**Year:** {chosen} (the only year with an index)"))
    permalink.write({"year": str(chosen)})
    return int(chosen)


def weight_text(value: float) -> str:
    return format_number(value, None, lang())

"""Risk-index page sections: what the index is, the map and ranking, the index over time, the
published values beside it, and how it is computed. Heavy work (geometry, the computation) is cached."""
from __future__ import annotations

import json

import pandas as pd
import streamlit as st

from sammanhallen.risk_index import charts as ic
from sammanhallen.risk_index import model as ri
from sammanhallen.risk_index import presets as rp
from sammanhallen.citations import source_line
from sammanhallen.formatting import format_number

from components.i18n import lang, pick, t, text
from components.vega import cached_spec

STOCKHOLM = "0180"


@st.cache_data(show_spinner=False, max_entries=64)
def _compute(preset_json: str, inputs: pd.DataFrame) -> ri.IndexResult:
    return ri.compute(inputs, rp.preset_from_dict(json.loads(preset_json)))


def compute(inputs: pd.DataFrame, preset: rp.Preset) -> ri.IndexResult:
    result = _compute(rp.preset_key(preset), inputs)
    result.preset = preset  # keeps `shipped` and the name as chosen
    return result


@st.cache_data(show_spinner=False, max_entries=4)
def _borough_geometry(vintage: str) -> tuple[list[dict], pd.DataFrame, str, str]:
    from sammanhallen.map import geographies as map_geographies

    layer = map_geographies.load_geography("sdo", vintage)
    return ic.altair_features(layer.features), layer.areas[["area_id", "lon", "lat"]], layer.source_sv, layer.source_en


def intro() -> None:
    st.markdown(t(
        "Stockholms *Program för en sammanhållen stad 2015–2020* (Stockholms stad 2014) riktar insatserna dit **indexet "
        "för sociala risker** är högst. Det indexet följer *Västra Götalandsmodellen*: indikatorer i fyra domäner (sociala "
        "riskfaktorer, hälsa, säkerhet och trygghet, försörjning), varje område jämfört med staden, sammanvägt så att "
        "**staden = 100**; Tensta låg på ”ca 180” (programmet, avsnittet om 2012; låg tillförlitlighet, se nedan). De "
        "publicerade värdena per stadsdelsnämnd finns inte i vår data. Därför **räknar dashboarden fram ett index av samma "
        "slag, öppet, från de indikatorer som finns**, och visar vilka de är och vad som saknas.",
        "Stockholm's *Program för en sammanhållen stad 2015–2020* (City of Stockholm 2014) directs effort to where the "
        "**social-risk index** is highest. That index follows the *Västra Götaland model*: indicators in four domains (social "
        "risk factors, health, safety and security, self-support), each area compared with the city, combined so that **the "
        "city = 100**; Tensta was at “about 180” (the programme, in the passage on 2012; low confidence, see below). The "
        "published values per district committee are not in our data. So **the dashboard computes an index of the same kind, "
        "openly, from the indicators that exist**, and shows which they are and what is missing."))


def coverage(preset: rp.Preset, result: ri.IndexResult, candidates: pd.DataFrame, indicator_names: dict[str, str],
             ref_name: str) -> None:
    """What this index rests on and where the gaps are, in plain words."""
    with st.container(border=True, key="ri-coverage"):
        st.markdown("**" + t("Det här indexet bygger på", "This index rests on") + "**")
        st.markdown(t(f"Förinställning ”{preset.name_sv}”: {len(preset.items)} indikatorer, jämförda med "
                      f"{ref_name} (= 100). Minst {preset.min_indicators} krävs, annars flaggas värdet.",
                      f"Preset “{preset.name_en}”: {len(preset.items)} indicators, compared with {ref_name} (= 100). "
                      f"At least {preset.min_indicators} are required, otherwise the value is flagged."))
        for years, names, n, flagged in ic.year_sets(result, indicator_names):
            flag = t(" – **flaggat**, för få indikatorer", " – **flagged**, too few indicators") if flagged else ""
            st.markdown(f"- **{years}:** {n} {t('av', 'of')} {len(preset.items)}: {names}{flag}")
        missing = [text(rp.DOMAIN_LABELS[d]).lower() for d in rp.DOMAINS if d not in preset.domains]
        if missing:
            st.markdown(t("**Saknas helt:** indikatorer för ", "**Missing altogether:** indicators of ") + ", ".join(missing)
                        + t(" – datan har inga sådana för de här områdena. Indexet är alltså inte programmets index, "
                            "bara byggt på samma sätt.",
                            " – the data has none for these areas. The index is therefore not the programme's index, "
                            "only built the same way."))
        from components.risk_index.controls import usable_candidates

        usable = usable_candidates(candidates)
        no_ref = usable[~usable["has_reference"]]
        if len(no_ref):
            st.markdown(t("**Kan inte användas** (inget värde för referensområdet samma år): ",
                          "**Cannot be used** (no value for the reference area in the same year): ")
                        + "; ".join(pick(no_ref, "name")))
        with st.expander(t("Om förinställningen", "About the preset")):
            st.write(t(preset.description_sv or t("Ingen beskrivning.", "No description."), preset.description_en))


def ranking(result: ri.IndexResult, inputs: pd.DataFrame, areas: pd.DataFrame, year: int, ref_name: str) -> pd.DataFrame:
    """Map (where boundaries exist) and bars side by side, then the ranked table with domains."""
    rows = ic.ranking_frame(result, year, areas, lang(), inputs)
    source = ic.inputs_source_line(inputs, result.components, year, lang())
    preset = result.preset
    if rows["index"].notna().sum() == 0:
        st.warning(t(f"Inget område har ett index {year}.", f"No area has an index in {year}."))
        return rows
    if rows.loc[~rows["is_reference"] & rows["index"].notna(), "flagged"].all():
        st.warning(t(f"Alla områden är flaggade {year}: indexet bygger på färre än {preset.min_indicators} indikatorer. "
                     "Rangordningen visar då bara de indikatorer som fanns.",
                     f"Every area is flagged in {year}: the index rests on fewer than {preset.min_indicators} indicators. "
                     "The ranking then reflects only the indicators there were."))
    left, right = st.columns([1.05, 1], gap="medium")
    if preset.parent_id == STOCKHOLM and preset.level == "borough":
        vintage = "2020-" if year >= 2021 else "2007-2019"
        features, centres, src_sv, src_en = _borough_geometry(vintage)
        with left:
            spec = cached_spec("ri-map", (rp.preset_key(preset), year, vintage, ref_name, source), lambda: ic.map_chart(
                result, rows, year, features, centres, ref_name, source, t(src_sv, src_en), lang()))
            st.vega_lite_chart(spec, width="stretch", key="ri-map")
        bars = right
    else:
        with right:
            st.info(t("Ingen karta för de här områdena: deras gränser finns inte i projektets kartdata. Indexet visas "
                      "som diagram och tabell.", "No map for these areas: their boundaries are not in the project's map "
                      "data. The index is shown as a chart and a table."))
        bars = left
    with bars:
        spec = cached_spec("ri-bars", (rp.preset_key(preset), year, ref_name, source),
                           lambda: ic.bar_chart(result, rows, year, ref_name, source, lang()))
        st.vega_lite_chart(spec, width="stretch", key="ri-bars")
    table(result, rows, year)
    st.caption(source)
    return rows


def _height(n_rows: int) -> int:
    """Tall enough for every row (no inner scrolling for the few areas an index ranks)."""
    return 38 + 35 * max(n_rows, 1)


def table(result: ri.IndexResult, rows: pd.DataFrame, year: int) -> None:
    """Ranked areas with each domain's index, how many indicators, the flag and which indicators."""
    domains = result.domains[result.domains["year"] == year].pivot(index="area_id", columns="domain", values="index")
    shown = pd.DataFrame({
        t("Rang", "Rank"): [("" if pd.isna(r) else str(int(r))) for r in rows["rank"]],
        t("Område", "Area"): [n + (t(" (referens)", " (reference)") if ref else "") for n, ref in zip(rows["name"], rows["is_reference"])],
        t("Index", "Index"): rows["label"],
    })
    for domain in result.preset.domains:
        label = text(rp.DOMAIN_LABELS[domain])
        shown[label] = [format_number(domains.loc[a, domain], 1, lang()) if a in domains.index and domain in domains.columns
                        and not pd.isna(domains.loc[a, domain]) else "–" for a in rows["area_id"]]
    shown[t("Indikatorer", "Indicators")] = rows["used_text"]
    shown[t("Status", "Status")] = rows["status"]
    with st.container(key="ri-ranking"):
        st.dataframe(shown, hide_index=True, width="stretch", key="ri-table", height=_height(len(shown)),
                     placeholder="–")
    st.caption(t("Rang 1 = högst index (mest risk i förhållande till referensen). * = flaggat: färre indikatorer än minimum; "
                 "värdet visas men är inte jämförbart med ett fullständigt. † = minst ett indata har låg tillförlitlighet "
                 "enligt källan. ”–” = inget värde (en lucka, inget uppskattat).",
                 "Rank 1 = highest index (most risk relative to the reference). * = flagged: fewer indicators than the "
                 "minimum; the value is shown but is not comparable with a complete one. † = at least one input has low "
                 "confidence according to its source. “–” = no value (a gap, nothing estimated)."))


def over_time(result: ri.IndexResult, inputs: pd.DataFrame, names: dict[str, str], indicator_names: dict[str, str],
              ref_name: str) -> None:
    frame = ic.time_frame(result, names, indicator_names, lang())
    if frame.empty or frame["year"].nunique() < 2:
        st.info(t("Indexet finns bara för ett år; ingen utveckling över tid att visa.",
                  "The index exists for one year only; no development over time to show."))
        return
    source = ic.inputs_source_line(inputs, result.components, None, lang())
    spec = cached_spec("ri-time", (rp.preset_key(result.preset), ref_name, source),
                       lambda: ic.time_chart(result, frame, ref_name, source, lang()))
    st.vega_lite_chart(spec, width="stretch", key="ri-time")
    st.caption(t(f"Indexet visar varje år läget i förhållande till {ref_name} samma år, inte om riskerna ökat eller "
                 "minskat i absoluta tal. Värden från olika indikatorer går inte att jämföra mellan år.",
                 f"Each year the index shows the position relative to {ref_name} in the same year, not whether risks rose or "
                 "fell in absolute terms. Values built from different indicators cannot be compared between years."))


def published(published_rows: pd.DataFrame, result: ri.IndexResult, year: int, names: dict[str, str]) -> None:
    """Published index values beside the computed one, clearly as a different, cited measure."""
    if published_rows.empty:
        st.caption(t("Inga publicerade indexvärden finns i datan för de här områdena.",
                     "No published index values are in the data for these areas."))
        return
    for indicator_id, part in published_rows.groupby("indicator_id", sort=False):
        name = pick(part, "indicator_name").iloc[0]
        st.markdown(f"**{name}** " + t("– publicerat av källan, inte beräknat av dashboarden",
                                       "– published by the source, not computed by the dashboard"))
        if indicator_id == "social_risk_index":
            st.caption(t("Programmets index per stadsdelsnämnd (bilaga 3) finns inte i datan; bara dessa värden citeras i "
                         "programmets text. Tensta är en stadsdel, inte en stadsdelsnämnd, och året står inte vid siffran. "
                         "Därför går de inte att ställa bredvid de beräknade värdena rad för rad.",
                         "The programme's index per district committee (appendix 3) is not in the data; only these values "
                         "are quoted in the programme's text. Tensta is a stadsdel, not a district committee, and the year "
                         "is not stated beside the figure. They cannot therefore be set beside the computed values row by row."))
            shown = pd.DataFrame({
                t("Område", "Area"): part["area_name"],
                t("År", "Year"): part["year"].astype(str),
                t("Publicerat index", "Published index"): [format_number(v, None, lang()) + (" *" if c == "low" else "")
                                                         for v, c in zip(part["value"], part["confidence"])],
                t("Anmärkning", "Note"): part["note"].fillna(""),
            })
            st.dataframe(shown, hide_index=True, width="stretch", key=f"ri-published-{indicator_id}", placeholder="–")
            st.caption(source_line(part, lang(), "year"))
        else:
            shown_year = _side_by_side(part, result, year, names, indicator_id)
            st.caption(source_line(part[part["year"] == shown_year], lang(), "year"))


def _side_by_side(part: pd.DataFrame, result: ri.IndexResult, year: int, names: dict[str, str], indicator_id: str) -> int:
    years = sorted(int(y) for y in part["year"].unique())
    computed_years = set(ri.usable_years(result))
    common = [y for y in years if y in computed_years]
    shown_year = year if year in years else (common[-1] if common else years[-1])
    if shown_year != year:
        st.info(t(f"Det publicerade indexet finns inte för {year}; jämförelsen visar {shown_year}.",
                  f"The published index does not exist for {year}; the comparison shows {shown_year}."))
    pub = part[part["year"] == shown_year].set_index("area_id")
    comp = result.total[(result.total["year"] == shown_year) & ~result.total["is_reference"]].set_index("area_id")
    ids = sorted(set(pub.index) | set(comp.index), key=lambda a: names.get(a, a))
    unit_hint = t("högre = bättre", "higher = better") if part["unit"].iloc[0] == "index" else ""
    shown = pd.DataFrame({
        t("Område", "Area"): [names.get(a, pub["area_name"].get(a, a)) for a in ids],
        t(f"Beräknat riskindex {shown_year} (rang)", f"Computed risk index {shown_year} (rank)"): [
            (format_number(comp.loc[a, "index"], 1, lang()) + (" *" if comp.loc[a, "flagged"] else "")
             + (f" ({int(comp.loc[a, 'rank'])})" if not pd.isna(comp.loc[a, "rank"]) else ""))
            if a in comp.index and not pd.isna(comp.loc[a, "index"]) else "–" for a in ids],
        t(f"Publicerat {shown_year} ({unit_hint})", f"Published {shown_year} ({unit_hint})"): [
            format_number(pub.loc[a, "value"], 1, lang()) + (" *" if pub.loc[a, "confidence"] == "low" else "")
            if a in pub.index else "–" for a in ids],
    })
    st.dataframe(shown, hide_index=True, width="stretch", key=f"ri-published-{indicator_id}", height=_height(len(shown)),
                 placeholder="–")
    both = comp[["index"]].join(pub[["value"]], how="inner").dropna()
    if len(both) >= 3:
        rho = both["index"].rank().corr(both["value"].rank())
        st.caption(t(f"Ett annat mått: det publicerade indexet har en annan skala och riktning. Rangkorrelation (Spearman) "
                     f"mellan dem {shown_year}: {format_number(rho, 2, 'sv')} (n = {len(both)}); nära −1 betyder att "
                     "stadsdelar med högt beräknat riskindex har lågt publicerat välfärdsindex.",
                     f"A different measure: the published index has another scale and direction. Rank correlation "
                     f"(Spearman) between them in {shown_year}: {format_number(rho, 2, 'en')} (n = {len(both)}); close to −1 "
                     "means districts with a high computed risk index have a low published welfare index."))
    return shown_year


def method(preset: rp.Preset, result: ri.IndexResult, candidates: pd.DataFrame, inputs: pd.DataFrame, year: int,
           names: dict[str, str], indicator_names: dict[str, str], units: dict[str, str], ref_name: str) -> None:
    st.markdown(t(
        f"""1. **Varje indikator jämförs med {ref_name} samma år:** relativt värde = 100 × områdets värde / {ref_name}s värde.
   För indikatorer där *högre är bättre* (t.ex. förvärvsfrekvens) vänds kvoten: 100 × {ref_name}s värde / områdets värde.
   Över 100 betyder alltså alltid mer risk än {ref_name}.
2. **Domänindex** = viktat medelvärde av domänens relativa värden (indikatorernas vikter).
3. **Index** = viktat medelvärde av domänindexen (domänvikterna), bara över domäner som har minst en indikator;
   en domän utan indikator räknas inte som 100.
4. **Luckor:** ett område får index bara av de indikatorer det faktiskt har. Saknas värdet för området eller för
   {ref_name} samma år, eller är något av dem 0 eller negativt, används indikatorn inte det året (skälet visas nedan).
   Inget uppskattas. Färre indikatorer än minimum ({preset.min_indicators}) **flaggas**.
5. {ref_name} får per definition exakt 100. Att byta enhet (procent ↔ promille, kr ↔ tkr) ändrar inget.""",
        f"""1. **Each indicator is compared with {ref_name} in the same year:** relative value = 100 × the area's value / {ref_name}'s value.
   For indicators where *higher is better* (e.g. employment rate) the ratio is inverted: 100 × {ref_name}'s value / the area's value.
   Above 100 therefore always means more risk than {ref_name}.
2. **Domain index** = weighted mean of the domain's relative values (indicator weights).
3. **Index** = weighted mean of the domain indices (domain weights), only over domains with at least one indicator;
   a domain without one does not count as 100.
4. **Gaps:** an area gets an index only from the indicators it actually has. If the value for the area or for
   {ref_name} in the same year is missing, or either is 0 or negative, the indicator is not used that year (the reason
   is shown below). Nothing is estimated. Fewer indicators than the minimum ({preset.min_indicators}) are **flagged**.
5. {ref_name} is exactly 100 by definition. Changing a unit (per cent ↔ per mille, SEK ↔ thousand SEK) changes nothing."""))
    st.markdown("**" + t("Indikatorerna i förinställningen", "The preset's indicators") + "**")
    table_ = ic.inputs_table(preset, candidates, inputs, lang())
    st.dataframe(table_, hide_index=True, width="stretch", key="ri-inputs", column_config={
        "indicator": t("Indikator", "Indicator"), "domain": t("Domän", "Domain"), "weight": t("Vikt", "Weight"),
        "direction": t("Riktning", "Direction"), "years": t("År med värden", "Years with values"),
        "reference_years": t(f"År med värde för {ref_name}", f"Years with a value for {ref_name}"),
        "source": t("Källa", "Source")}, placeholder="–")
    weights = ", ".join(f"{text(rp.DOMAIN_LABELS[d])} {format_number(preset.domain_weight(d), None, lang())}"
                        for d in preset.domains)
    st.caption(t("Domänvikter: ", "Domain weights: ") + weights + ". " + ic.inputs_source_line(inputs, result.components, None, lang()))
    with st.expander(t(f"Alla värden bakom indexet {year}", f"All values behind the index in {year}")):
        frame = ic.components_frame(result, inputs, year, names, indicator_names, units, lang())
        st.dataframe(frame, hide_index=True, width="stretch", key="ri-components", column_config={
            "area": t("Område", "Area"), "indicator": t("Indikator", "Indicator"), "value": t("Värde", "Value"),
            "reference": t(f"Värde för {ref_name}", f"Value for {ref_name}"), "relative": t("Relativt (ref = 100)", "Relative (ref = 100)"),
            "used": t("Används / skäl", "Used / reason"), "source": t("Källa", "Source")}, placeholder="–")
        st.caption(t("* = låg tillförlitlighet enligt källan.", "* = low confidence according to the source."))

"""The comparison as a table: values and gaps with markers and footnotes, the sources they cite, and
the readable frames and selection rows of the CSV and Excel exports. No Streamlit here."""
from __future__ import annotations

import pandas as pd

from sammanhallen.compare.choices import split_ids
from sammanhallen.compare.diff import diff_unit, differences
from sammanhallen.compare.selection import SPECIAL_MEASURES, Comparison, area_rows, year_slice
from sammanhallen.citations import SOURCE, cite
from sammanhallen.formatting import format_value, is_missing
from sammanhallen import i18n
from sammanhallen.i18n import MISSING, confidence_label, t

# --- markers and footnotes -------------------------------------------------------------------

LOW_MARK, OTHER_YEAR_MARK = "*", "†"


def annotate(frame: pd.DataFrame, lang: str = "sv") -> tuple[pd.DataFrame, list[str]]:
    """Adds `marker` ('*' low confidence, '†' population from another year) and `label`
    (the formatted value with its marker, or 'uppgift saknas'); returns the footnotes."""
    frame = frame.copy()
    notes: list[str] = []
    markers, labels = [], []
    for row in frame.to_dict("records"):
        mark = ""
        name = row["name"]
        if row.get("confidence") == "low" and not is_missing(row.get("value")):
            mark += LOW_MARK
            why = row.get("population_confidence") == "low" and t("folkmängden", "the population", lang) or ""
            note = clean_note(row.get("note")) if not why else None
            detail = f" ({why})" if why else (f": {note}" if isinstance(note, str) and note else "")
            notes.append(f"{LOW_MARK} {name}: " + t("låg tillförlitlighet", "low confidence", lang) + detail)
        if row.get("pop_status") == "other_year" and not is_missing(row.get("value")):
            mark += OTHER_YEAR_MARK
            notes.append(f"{OTHER_YEAR_MARK} {name}: " + t(f"folkmängd från {int(row['population_year'])}, inte {row['year']} (ingen folkmängd för {row['year']} i datan)", f"population from {int(row['population_year'])}, not {row['year']} (no population for {row['year']} in the data)", lang))
        if is_missing(row.get("value")):
            labels.append(MISSING.in_(lang))
            notes.append(f"– {name}: " + MISSING.in_(lang) + f" – {row.get('gap_reason') or ''}".rstrip(" –"))
        else:
            labels.append(format_value(row["value"], row.get("unit"), lang) + mark)
        markers.append(mark)
    frame["marker"] = markers
    frame["label"] = labels
    return frame, notes


def source_rows(frame: pd.DataFrame) -> pd.DataFrame:
    """Every source cited by the rows (population sources too), one row each, for source lines
    and the export's sources sheet. Columns: source_id, source_title, source_publisher, source_year, source_url, year, confidence."""
    cols = ["source_id", "source_title", "source_publisher", "source_year", "source_url", "year", "confidence"]
    if frame is None or frame.empty or "source_id" not in frame:
        return pd.DataFrame(columns=cols)
    parts = [frame[frame.value.notna()][[c for c in cols if c in frame]]]
    if "population_source_id" in frame:
        pop = frame[frame.population_source_id.notna()]
        # A population that gave no value (low confidence) is still cited, for the gap note that quotes
        # it, but it adds no year to the line and marks no value with *.
        used = pop.value.notna()
        parts.append(pd.DataFrame({
            "source_id": pop.population_source_id, "source_title": pop.population_source_title,
            "source_publisher": pop.population_source_publisher, "source_year": pop.population_source_year,
            "source_url": pop.population_source_url, "year": pop.population_year.where(used),
            "confidence": pop.population_confidence.where(used),
        }))
    out = pd.concat([p for p in parts if not p.empty], ignore_index=True) if any(not p.empty for p in parts) else pd.DataFrame(columns=cols)
    return out.dropna(subset=["source_id"])


# --- the table and the exports ---------------------------------------------------------------

def long_table(comp: Comparison, year_from: int | None, year_to: int | None, ref_id: str | None,
               lang: str = "sv") -> tuple[pd.DataFrame, list[str]]:
    """One row per selected area and year with data in the range: value or gap with reason,
    difference from the reference, marker, source. Numbers stay numbers (exports format them)."""
    years = [y for y in comp.years if year_from is not None and year_from <= y <= year_to]
    parts, notes = [], []
    areas = area_rows(comp)
    for year in years:
        one = differences(year_slice(comp, year, lang, areas), comp, ref_id, year)
        one, year_notes = annotate(one, lang)
        parts.append(one)
        notes += [f"{year}: {n}" if len(years) > 1 else n for n in year_notes]
    if not parts:
        return pd.DataFrame(), notes
    table = pd.concat(parts, ignore_index=True)
    table["source"] = [_source_text(r) for r in table.to_dict("records")]
    return table, notes


def _source_text(row: dict) -> str:
    if is_missing(row.get("value")):
        return ""
    def one(prefix):
        publisher, title = (row.get(f"{prefix}source_{part}") for part in ("publisher", "title"))
        year = row.get(f"{prefix}source_year")
        return cite(publisher if isinstance(publisher, str) else None, None if is_missing(year) or year is pd.NA else year,
                    title if isinstance(title, str) else None)
    texts = [one("")]
    if isinstance(row.get("population_source_title"), str):
        texts.append(one("population_"))
    return "; ".join(t for t in texts if t)


_NOTE_PREFIXES = tuple(f"{word}: " for word in (SOURCE.en, SOURCE.sv))  # the loader's quote marker


def clean_note(note) -> str:
    """A data note for a reader: empty for none, a leading 'Source: ' (the loader's quote marker) dropped."""
    if not isinstance(note, str):
        return ""
    text = note.strip()
    for prefix in _NOTE_PREFIXES:
        if text.startswith(prefix):
            text = text[len(prefix):].lstrip()
    return text


def note_or_gap(row: dict) -> str:
    if is_missing(row.get("value")):
        return row.get("gap_reason") or ""
    return clean_note(row.get("note"))


def export_frame(table: pd.DataFrame, comp: Comparison, lang: str = "sv", highlight=None) -> pd.DataFrame:
    """The table with readable column names for CSV and Excel (numbers kept as numbers).
    'Markering' says which areas are highlighted; 'Fotnotstecken' carries * / † of the footnotes."""
    if table.empty:
        return pd.DataFrame()
    unit = comp.measure["unit"]
    marked = set(split_ids(highlight))
    ref_name = comp.area_name(table.reference_id.iloc[0]) if table.reference_id.notna().any() else ""
    out = pd.DataFrame({
        t("Område", "Area", lang): table["name"],
        t("Områdeskod", "Area code", lang): table["area_id"],
        t("År", "Year", lang): table["year"].astype("Int64"),
        t("Värde", "Value", lang): table["value"],
        t("Enhet", "Unit", lang): diff_unit(unit, lang) if unit != "percent" else t("procent", "per cent", lang),
    })
    if comp.measure["id"] in SPECIAL_MEASURES:
        out[t("Utbetalt (kr)", "Paid (SEK)", lang)] = table.get("amount_sek")
        out[t("Folkmängd", "Population", lang)] = table.get("population")
        out[t("Folkmängd, år", "Population year", lang)] = pd.array(table.get("population_year"), dtype="Int64")
    out[t(f"Skillnad mot {ref_name}", f"Difference from {ref_name}", lang) + f" ({diff_unit(unit, lang)})"] = table["diff"]
    pct = t(f"Skillnad mot {ref_name} (%)", f"Difference from {ref_name} (%)", lang)
    out[pct] = pd.to_numeric(table["diff_pct"], errors="coerce").round(1)
    out[t("Tillförlitlighet", "Confidence", lang)] = [
        "" if is_missing(v) else confidence_label(c, lang) for c, v in zip(table.get("confidence", [None] * len(table)), table["value"])]
    out[t("Markering", "Highlight", lang)] = [t("markerad", "highlighted", lang) if a in marked else "" for a in table["area_id"]]
    out[t("Fotnotstecken", "Footnote mark", lang)] = table["marker"]
    out[t("Källa", "Source", lang)] = table["source"]
    out[t("Anmärkning / skäl till lucka", "Note / reason for gap", lang)] = [note_or_gap(r) for r in table.to_dict("records")]
    for column in out.columns:  # computed ratios: no float noise such as 0.30000000000000004
        if column != pct and pd.api.types.is_float_dtype(out[column]):
            out[column] = out[column].round(4)
    return out


def selection_rows(comp: Comparison, params: dict, url: str, lang: str, created: str) -> list[tuple[str, str]]:
    """The export's 'Urval' sheet: (label, value) rows; only settings that apply to the measure."""
    from sammanhallen.formatting import unit_label
    highlight = [comp.area_name(a) for a in split_ids(params.get("highlight")) if a in comp.area_ids]
    rows = [
        (t("Indikator", "Indicator", lang), comp.name(lang)),
        (t("Indikator-id", "Indicator id", lang), comp.measure["id"]),
        (t("Definition", "Definition", lang), i18n.column(comp.measure, "definition", lang) or ""),
        (t("Enhet", "Unit", lang), unit_label(comp.measure["unit"], lang)),
        (t("Områden", "Areas", lang), ", ".join(f"{comp.area_name(a)} ({a})" for a in comp.area_ids)),
        (t("Markerade", "Highlighted", lang), ", ".join(highlight) or t("inga", "none", lang)),
        (t("År i rangordningen", "Year for the ranking", lang), params.get("year", "")),
        (t("Period", "Period", lang), f"{params.get('from', '')}–{params.get('to', '')}"),
        (t("Jämförelseområde", "Reference area", lang), comp.area_name(params.get("ref", "")) if params.get("ref") else ""),
    ]
    if comp.measure["id"] in SPECIAL_MEASURES:
        rows.append((t("Folkmängd", "Population", lang),
                     t("samma år som utbetalningen", "same year as the payment", lang) if params.get("pop") != "nearest"
                     else t("närmaste år med folkmängd (anges per värde)", "nearest year with population (stated per value)", lang)))
    rows += [
        (t("Skapad", "Created", lang), created),
        (t("Permalänk", "Permalink", lang), url),
        (t("Fotnoter", "Footnotes", lang), ""),
    ]
    return rows

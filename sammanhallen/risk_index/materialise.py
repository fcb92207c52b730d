"""Write the shipped risk-index presets into the database as an ordinary, cited measure.

Called by the build on its write connection, after the tables and views exist:

    from sammanhallen.risk_index.materialise import materialise
    materialise(con)

For each shipped preset (``data/index_presets/*.json``) it adds

* one ``indicators`` row ``riskindex_<preset_id>`` (unit ``index``, higher is worse, domain ``index``,
  the formula and the inputs in ``definition``), so the map, compare and trends pages offer it;
* one ``sources`` row ``dashboard_riskindex_<preset_id>``: the dashboard's own computation, naming
  the preset and the indicators it is computed from (their own sources stay on their rows);
* ``observations``: the index per area and year, confidence ``low`` when flagged (fewer indicators
  than the preset's minimum) or when an input used has low confidence, otherwise ``medium``; the
  note says how many and which indicators were used;
* ``index_components``: every input of every area-year with its reference value, relative value and,
  where unusable, the reason.
"""
from __future__ import annotations

import duckdb
import pandas as pd

from sammanhallen.risk_index import model as ri
from sammanhallen.risk_index import presets as rp
from sammanhallen.formatting import format_number

PUBLISHER = "Sammanhållen stad (beräkning)"

COMPONENTS_DDL = """
create table index_components (
    preset_id varchar not null,
    area_id varchar not null,
    year bigint not null,
    indicator_id varchar not null,
    domain varchar not null,
    weight double not null,
    value double,
    reference_value double,
    relative double,
    used boolean not null,
    reason varchar,
    primary key (preset_id, area_id, year, indicator_id)
)
"""


def indicator_id(preset: rp.Preset) -> str:
    return ri.INDICATOR_PREFIX + preset.preset_id


def source_id(preset: rp.Preset) -> str:
    return ri.SOURCE_PREFIX + preset.preset_id


def _names(con, ids: list[str]) -> dict[str, tuple[str, str]]:
    rows = con.execute("select indicator_id, name_sv, name_en from indicators where list_contains($ids, indicator_id)",
                       {"ids": ids}).fetchall()
    return {r[0]: (r[1], r[2]) for r in rows}


def _area_name(con, area_id: str) -> str:
    row = con.execute("select name from areas where area_id = $a", {"a": area_id}).fetchone()
    return row[0] if row else area_id


def definition(preset: rp.Preset, names: dict[str, tuple[str, str]], reference_name: str) -> str:
    """The formula and the inputs in plain Swedish (the definition column is Swedish)."""
    inputs = "; ".join(
        f"{names.get(i.indicator_id, (i.indicator_id,))[0]} ({rp.DOMAIN_LABELS[i.domain][0].lower()}, vikt {format_number(i.weight)})"
        for i in preset.items)
    domains = ", ".join(f"{rp.DOMAIN_LABELS[d][0].lower()} {format_number(preset.domain_weight(d))}" for d in preset.domains)
    return (
        f"Beräknat av dashboarden, inte ett publicerat index. Förinställning ”{preset.name_sv}”. Varje indikator uttrycks "
        f"relativt {reference_name} samma år: 100 × områdets värde / {reference_name}s värde, omvänt (100 × referens / område) "
        "för indikatorer där högre är bättre, så att över 100 alltid betyder mer risk än referensen. Domänindex = viktat "
        "medelvärde av domänens tillgängliga indikatorer; index = viktat medelvärde av domänerna som har minst en indikator "
        f"(domänvikter: {domains}). Indikatorer: {inputs}. Ett värde som bygger på färre än {preset.min_indicators} "
        "indikatorer flaggas (låg tillförlitlighet). Saknade värden uppskattas aldrig. Samma uppbyggnad som "
        "Västra Götalandsmodellen (sociala riskfaktorer, hälsa, säkerhet och trygghet, försörjning; referens = 100)."
    )


def _note(row, preset: rp.Preset, names: dict[str, tuple[str, str]]) -> str:
    used = [i for i in row["indicators_used"].split(",") if i]
    listed = "; ".join(names.get(i, (i,))[0] for i in used)
    text = f"{len(used)} av {len(preset.items)} indikatorer: {listed}."
    if row["is_reference"]:
        text = "Referensområde = 100 per definition. " + text
    if row["flagged"]:
        text += f" Flaggat: färre än {preset.min_indicators} indikatorer."
    if row["low_input"]:
        text += " Minst ett indata har låg tillförlitlighet."
    return text


def frames(con: duckdb.DuckDBPyConnection, preset: rp.Preset) -> dict[str, pd.DataFrame]:
    """The rows one preset adds: indicators, sources, observations, index_components."""
    inputs = ri.inputs(con, preset)
    result = ri.compute(inputs, preset)
    names = _names(con, preset.indicator_ids)
    ref_name = _area_name(con, preset.reference_area_id)
    iid, sid = indicator_id(preset), source_id(preset)

    indicators = pd.DataFrame([{
        "indicator_id": iid,
        "name_sv": f"Riskindex, beräknat av dashboarden ({preset.name_sv})",
        "name_en": f"Risk index, computed by the dashboard ({preset.name_en})",
        "unit": "index", "higher_is_better": False,
        "definition": definition(preset, names, ref_name),
        "domain": "index",
    }])
    inputs_listed = "; ".join(names.get(i, (i,))[0] for i in preset.indicator_ids)
    sources = pd.DataFrame([{
        "source_id": sid,
        "title": (f"Riskindex ”{preset.name_sv}”, beräknat av dashboarden från indikatorerna {inputs_listed} "
                  f"({ref_name} = 100); indikatorernas egna källor anges vid varje värde på sidan Riskindex"),
        "publisher": PUBLISHER,
        "year": None,  # a computation, re-run at every build: the data years are on each value
        "url": None,
    }])

    # low confidence of an input travels to the index value built from it
    low = inputs.loc[inputs["confidence"] == "low", ["area_id", "indicator_id", "year"]].assign(low=True)
    comp = result.components.merge(low, on=["area_id", "indicator_id", "year"], how="left")
    comp["low"] = comp["low"].fillna(False).astype(bool) & comp["used"]
    low_input = comp.groupby(["area_id", "year"])["low"].any().rename("low_input").reset_index()
    total = result.total.dropna(subset=["index"]).merge(low_input, on=["area_id", "year"], how="left")
    total["low_input"] = total["low_input"].fillna(False).astype(bool)
    observations = pd.DataFrame({
        "area_id": total["area_id"],
        "indicator_id": iid,
        "year": total["year"].astype("int64"),
        "value": total["index"].astype(float),
        "source_id": sid,
        "confidence": ["low" if f or lo else "medium" for f, lo in zip(total["flagged"], total["low_input"])],
        "note": [_note(r, preset, names) for r in total.to_dict("records")],
    })
    components = result.components.assign(preset_id=preset.preset_id)[
        ["preset_id", "area_id", "year", "indicator_id", "domain", "weight", "value", "reference_value", "relative",
         "used", "reason"]]
    components["reason"] = components["reason"].astype(object).where(components["reason"].notna(), None)
    return {"indicators": indicators, "sources": sources, "observations": observations, "index_components": components}


def _insert(con, table: str, frame: pd.DataFrame) -> None:
    if frame.empty:
        return
    columns = [r[0] for r in con.execute(
        "select column_name from information_schema.columns where table_name = $t order by ordinal_position",
        {"t": table}).fetchall()]
    con.register("incoming_index_rows", frame)
    try:
        select = ", ".join(f'"{c}"' if c in frame.columns else "NULL" for c in columns)
        con.execute(f"insert into {table} select {select} from incoming_index_rows")
    finally:
        con.unregister("incoming_index_rows")


def materialise(con: duckdb.DuckDBPyConnection, presets: dict[str, rp.Preset] | None = None) -> dict[str, int]:
    """Add every shipped preset's index to the database; returns the number of observations per preset.
    Raises presets.PresetError when a shipped preset does not fit the data (a bug to fix in the
    preset file)."""
    if presets is None:
        presets = rp.load_presets(include_user=False)
    indicator_table = con.execute("select indicator_id, unit, higher_is_better, domain from indicators").df()
    con.execute("drop table if exists index_components")
    con.execute(COMPONENTS_DDL)
    counts = {}
    for preset in presets.values():
        rp.validate(preset, indicator_table)
        # run twice, the result is the same: earlier rows of this preset go first
        con.execute("delete from observations where indicator_id = $i", {"i": indicator_id(preset)})
        con.execute("delete from indicators where indicator_id = $i", {"i": indicator_id(preset)})
        con.execute("delete from sources where source_id = $s", {"s": source_id(preset)})
        rows = frames(con, preset)
        for table in ("indicators", "sources", "observations", "index_components"):
            _insert(con, table, rows[table])
        counts[preset.preset_id] = len(rows["observations"])
    return counts

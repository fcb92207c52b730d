"""Program för en sammanhållen stad 2015–2020: goals, responsible bodies, prioritised areas.

Plain Python (no streamlit). The programme prints some bodies two ways; the filter groups them
under one canonical name while the page keeps showing the printed spelling.
"""
from __future__ import annotations

import geopandas as gpd
import pandas as pd

from sammanhallen.codes import slugify
from sammanhallen.i18n import column, pick, t

SOURCE = "sthlm_program_2015_2020"
SECTION_PRIORITISED = "prioriterade_stadsdelsnamnder"
SECTION_LOCAL = "lokalt_arbete_social_hallbarhet"
SECTION_HEADINGS = {  # the area profile names the section an area is named in
    SECTION_PRIORITISED: ("Prioriterade stadsdelsnämnder", "Prioritised district committees"),
    SECTION_LOCAL: (
        "Mål > Lokalt arbete med social hållbarhet (f.d Trygghet i vardagen)",
        "Goals > Local work on social sustainability (formerly Everyday safety)",
    ),
}

# printed spelling -> canonical name (only where the document spells one body several ways)
CANONICAL = {
    "Stockholms Business Region": "Stockholm Business Region",
    "Stockholm Business Region": "Stockholm Business Region",
    "stadsdelsnämnder": "stadsdelsnämnderna",
    "stadsdelsnämnderna": "stadsdelsnämnderna",
    # Section 4 names the housing companies in running text, not in a parenthesis.
    "det (eller de) bostadsbolag som har ett stort bestånd i området": "bostadsbolagen",
}

MAIN = ("Huvudansvar", "Main responsibility")
SHARED = ("Medansvar", "Shared responsibility")


def canonical_body(printed: str) -> str:
    return CANONICAL.get(printed, printed)


def with_canonical(responsibles: pd.DataFrame) -> pd.DataFrame:
    out = responsibles.copy()
    out["canonical"] = out["body"].map(canonical_body)
    return out


def bodies(responsibles: pd.DataFrame) -> pd.DataFrame:
    """Canonical bodies in order of first appearance, with every printed spelling and counts."""
    r = with_canonical(responsibles).sort_values(["sort_order", "position"])
    rows = []
    for name, part in r.groupby("canonical", sort=False):
        rows.append({
            "canonical": name,
            "printed": list(dict.fromkeys(part["body"])),
            "n_goals": part["goal_id"].nunique(),
            "n_main": int(part["is_main"].astype(bool).sum()),
            "first": part["sort_order"].min(),
        })
    return pd.DataFrame(rows).sort_values("first").drop(columns="first").reset_index(drop=True)


def goals_for_body(responsibles: pd.DataFrame, canonical: str, main_only: bool = False) -> pd.DataFrame:
    """The goals one canonical body is named for, in document order, with the spelling printed
    there and whether it is named first (main responsible)."""
    r = with_canonical(responsibles)
    out = r[r["canonical"] == canonical]
    if main_only:
        out = out[out["is_main"].astype(bool)]
    return out.sort_values(["sort_order", "position"]).reset_index(drop=True)


def goal_labels(goals: pd.DataFrame, lang: str = "sv") -> dict[str, str]:
    """goal_id -> the number as printed in the document: '1.1' for a numbered goal, '1 a)' for the
    first item under "Målet innebär även att" in section 1 (the document prints these as bullets;
    the letter is their order), '1.' for a section heading, 'stycke 2' / 'paragraph 2' for the
    unnumbered passages of target area 4. Numbers restart in every target area (see
    target_area_labels)."""
    number = {g: (str(n) if isinstance(n, str) and n else "") for g, n in zip(goals["goal_id"], goals["goal_no"])}
    out: dict[str, str] = {}
    for row in goals.itertuples():
        printed = number[row.goal_id]
        if row.kind == "also_means":
            parent = number.get(row.parent_goal_id, "")
            out[row.goal_id] = f"{parent} {row.goal_id.rsplit('.', 1)[-1]})".strip()
        elif printed:
            out[row.goal_id] = printed if row.kind == "goal" else f"{printed}."
        else:
            n = row.goal_id.rsplit(".", 1)[-1]
            out[row.goal_id] = f"{'stycke' if lang == 'sv' else 'paragraph'} {n}"
    return out


def target_area_labels(goals: pd.DataFrame, lang: str = "sv") -> dict[str, str]:
    """goal_id -> '1. Stadsmiljö och boende' (the target area the goal stands under)."""
    name = column(goals, "target_area", lang)
    return {g: f"{n}. {a}" for g, n, a in zip(goals["goal_id"], goals["target_area_no"], name)}


def goal_label(goal_id: str, goals: pd.DataFrame, lang: str = "sv", with_area: bool = False) -> str:
    """'1.2' or, with the target area, '1.2 (Stadsmiljö och boende)'."""
    label = goal_labels(goals, lang).get(goal_id, goal_id)
    if with_area:
        area = column(goals.loc[goals["goal_id"] == goal_id], "target_area", lang)
        if len(area):
            label += f" ({area.iloc[0]})"
    return label


def responsibility_matrix(goals: pd.DataFrame, responsibles: pd.DataFrame, lang: str = "sv",
                          only_bodies: list[str] | None = None) -> pd.DataFrame:
    """Rows = goals and items that name a responsible body (document order), labelled with the
    number as printed and the start of the text ('1.2 Ett ökat samband …'); first column the target
    area; then one column per canonical body (order of first appearance), cells 'Huvudansvar' /
    'Medansvar' / ''."""
    r = with_canonical(responsibles)
    columns = list(bodies(responsibles)["canonical"])
    if only_bodies:
        columns = [c for c in columns if c in only_bodies]
        r = r[r["canonical"].isin(columns)]
    main, shared = pick(MAIN, lang), pick(SHARED, lang)
    r = r.assign(cell=r["is_main"].astype(bool).map({True: main, False: shared}))
    # a body named twice for one goal would be ambiguous: keep the strongest role
    r = r.sort_values("is_main", ascending=False).drop_duplicates(["goal_id", "canonical"])
    table = r.pivot(index="goal_id", columns="canonical", values="cell").reindex(columns=columns).fillna("")
    order = goals.set_index("goal_id")["sort_order"]
    table = table.loc[sorted(table.index, key=lambda g: order.get(g, 10**6))]
    text = column(goals.set_index("goal_id"), "text", lang)
    labels = goal_labels(goals, lang)
    areas = target_area_labels(goals, lang)
    table.insert(0, t("Målområde", "Target area", lang), [areas.get(g, "") for g in table.index])
    table.index = [f"{labels.get(g, g)} {_short(text.get(g, ''))}" for g in table.index]
    table.index.name = t("Mål", "Goal", lang)
    return table


def goals_with_indicator(goals: pd.DataFrame, indicators: pd.DataFrame, area_no: int, lang: str = "sv") -> list[str]:
    """Printed numbers (goal_labels) of the goals in one target area that have an indicator in the
    data, in document order."""
    labels = goal_labels(goals, lang)
    linked = set(indicators["goal_id"])
    rows = goals[(goals["target_area_no"] == area_no) & goals["goal_id"].isin(linked)].sort_values("sort_order")
    return [labels[g] for g in rows["goal_id"]]


def _short(text: str, width: int = 60) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def goal_counts(goals: pd.DataFrame) -> pd.DataFrame:
    """Numbered goals and 'målet innebär även att' items per target area."""
    g = goals[goals["kind"].isin(["goal", "also_means"])]
    table = g.pivot_table(index="target_area_no", columns="kind", values="goal_id", aggfunc="count", fill_value=0)
    table = table.reindex(index=sorted(goals["target_area_no"].unique()), columns=["goal", "also_means"], fill_value=0)
    return table


# ------------------------------------------------------------------------------ priority areas


def section_list(priority: pd.DataFrame, section: str, kind: str = "above_average_stadsdel") -> pd.DataFrame:
    """Areas named in one section, in the order the query returns them (document order)."""
    return priority[(priority["section"] == section) & (priority["kind"] == kind)].reset_index(drop=True)


def compare_sections(priority: pd.DataFrame) -> pd.DataFrame:
    """One row per stadsdel named in either section: canonical name, spelling in each section
    (empty where not named), and whether the two differ."""
    first = section_list(priority, SECTION_PRIORITISED)[["area_id", "area_name", "name_as_printed"]]
    second = section_list(priority, SECTION_LOCAL)[["area_id", "area_name", "name_as_printed"]]
    out = first.merge(second, on=["area_id", "area_name"], how="outer", suffixes=("_prioritised", "_local"), sort=False)
    out["in_prioritised"] = out["name_as_printed_prioritised"].notna()
    out["in_local"] = out["name_as_printed_local"].notna()
    out["spelling_differs"] = out["in_prioritised"] & out["in_local"] & (
        out["name_as_printed_prioritised"] != out["name_as_printed_local"]
    )
    order: dict[str, int] = {}
    for area_id in list(first["area_id"]) + list(second["area_id"]):
        order.setdefault(area_id, len(order))
    out["_o"] = out["area_id"].map(order)
    return out.sort_values("_o").drop(columns="_o").fillna({"name_as_printed_prioritised": "", "name_as_printed_local": ""}).reset_index(drop=True)


def map_frame(stadsdelar: gpd.GeoDataFrame, crosswalk: pd.DataFrame, priority: pd.DataFrame) -> gpd.GeoDataFrame:
    """Stockholm's stadsdelar with their 2007–2019 stadsdelsnämnd and the programme's status:
    'both' (named in both sections), 'prioritised_only' (only the prioritised-SDN section),
    'local_only', or 'not_named'."""
    borough = dict(zip(crosswalk["stadsdel_display"], crosswalk["sdn_2007_2019"]))
    out = stadsdelar.copy()
    out["borough"] = out["name"].map(borough)
    out["borough_id"] = "0180-sdo-" + out["borough"].fillna("").map(slugify)
    sections = compare_sections(priority).set_index("area_id")
    prioritised_sdn = set(priority.loc[priority["kind"] == "prioritised_sdn", "area_id"])

    def status(area_id: str) -> str:
        if area_id not in sections.index:
            return "not_named"
        row = sections.loc[area_id]
        if row["in_prioritised"] and row["in_local"]:
            return "both"
        return "prioritised_only" if row["in_prioritised"] else "local_only"

    out["status"] = out["area_id"].map(status)
    out["in_prioritised_sdn"] = out["borough_id"].isin(prioritised_sdn)
    return out


def numbering_gaps(goals: pd.DataFrame) -> dict[int, list[str]]:
    """Goal numbers the document skips, per target area: {1: ['3.3']} (it prints 3.1, 3.2, 3.4)."""
    out: dict[int, list[str]] = {}
    numbered = goals[(goals["kind"] == "goal") & goals["goal_no"].notna()]
    for area, part in numbered.groupby("target_area_no"):
        by_major: dict[int, set[int]] = {}
        for number in part["goal_no"]:
            major, _, minor = str(number).partition(".")
            if major.isdigit() and minor.isdigit():
                by_major.setdefault(int(major), set()).add(int(minor))
        missing = [f"{major}.{m}" for major, minors in sorted(by_major.items())
                   for m in range(1, max(minors) + 1) if m not in minors]
        if missing:
            out[int(area)] = missing
    return out

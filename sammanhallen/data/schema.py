"""Declared schema of the warehouse: one entry per CSV table in data/.

Like a dbt `sources.yml`: columns, types, keys and references live beside each other so the
build can validate every CSV before anything is written, and data/README.md can be checked
against it.
"""
from __future__ import annotations

from dataclasses import dataclass

CONFIDENCE = ("high", "medium", "low")
AREA_LEVELS = ("country", "municipality", "borough", "district", "urban_district", "area_group")
YEAR_RANGE = (1980, 2035)


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # text | int | float | bool | date
    required: bool = True
    choices: tuple[str, ...] | None = None
    references: str | None = None  # "table.column"
    min: float | None = None
    max: float | None = None

    @property
    def sql_type(self) -> str:
        return {"text": "VARCHAR", "int": "BIGINT", "float": "DOUBLE", "bool": "BOOLEAN", "date": "DATE"}[
            self.type
        ]


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    description: str = ""
    optional: bool = False  # the build accepts a missing CSV (table created empty)

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


def _source() -> Column:
    return Column("source_id", "text", references="sources.source_id")


def _confidence() -> Column:
    return Column("confidence", "text", choices=CONFIDENCE)


def _year() -> Column:
    return Column("year", "int", min=YEAR_RANGE[0], max=YEAR_RANGE[1])


TABLES: tuple[Table, ...] = (
    Table(
        "sources",
        (
            Column("source_id", "text"),
            Column("title", "text"),
            Column("publisher", "text"),
            Column("year", "int", required=False, min=1900, max=YEAR_RANGE[1]),
            Column("url", "text", required=False),
        ),
        key=("source_id",),
        description="Every document, table or page a figure comes from.",
    ),
    Table(
        "areas",
        (
            Column("area_id", "text"),
            Column("name", "text"),
            Column("level", "text", choices=AREA_LEVELS),
            Column("parent_id", "text", required=False, references="areas.area_id"),
            Column("valid_from", "date", required=False),
            Column("valid_to", "date", required=False),
            Column("lat", "float", required=False, min=55.0, max=69.5),
            Column("lon", "float", required=False, min=10.5, max=24.5),
            _source(),
        ),
        key=("area_id",),
        description="Countries, municipalities, boroughs, districts and groups, with validity dates.",
    ),
    Table(
        "district_boroughs",
        (
            Column("district_id", "text", references="areas.area_id"),
            Column("vintage", "text", choices=("2007-2019", "2020-")),
            Column("borough_id", "text", references="areas.area_id"),
            _confidence(),
            _source(),
            Column("note", "text", required=False),
        ),
        key=("district_id", "vintage"),
        description="Stockholm's stadsdel → stadsdelsnämnd (2007–2019) / stadsdelsområde (2020–) crosswalk.",
    ),
    Table(
        "indicators",
        (
            Column("indicator_id", "text"),
            Column("name_sv", "text"),
            Column("name_en", "text"),
            Column("unit", "text", choices=("percent", "persons", "index", "rank", "SEK", "SEK/year", "count",
                                                    "per_100000", "days")),
            Column("higher_is_better", "bool", required=False),
            Column("definition", "text"),
            Column("domain", "text", choices=("befolkning", "arbete", "forsorjning", "utbildning", "ekonomi", "index")),
        ),
        key=("indicator_id",),
        description="What each measure is, its unit and which direction is good.",
    ),
    Table(
        "observations",
        (
            Column("area_id", "text", references="areas.area_id"),
            Column("indicator_id", "text", references="indicators.indicator_id"),
            _year(),
            Column("value", "float"),
            _source(),
            _confidence(),
            Column("note", "text", required=False),
        ),
        key=("area_id", "indicator_id", "year"),
        description="One value per area, indicator and year, with its source and confidence.",
    ),
    Table(
        "funds",
        (
            Column("area_id", "text", references="areas.area_id"),
            _year(),
            Column("amount_sek", "int", min=0),
            Column("payment", "text"),
            Column("programme", "text"),
            _source(),
            Column("note", "text", required=False),
        ),
        key=("area_id", "programme", "payment"),
        description="Stimulus payments per district.",
    ),
    Table(
        "programme_facts",
        (
            Column("fact_id", "text"),
            Column("label_sv", "text"),
            Column("label_en", "text"),
            Column("value", "text"),
            Column("unit", "text", required=False),
            Column("year", "text", required=False),
            _source(),
            _confidence(),
            Column("note", "text", required=False),
        ),
        key=("fact_id",),
        description="Facts about the Urban15 stimulus grant (budget, thresholds, model).",
    ),
    Table(
        "document_facts",
        (
            Column("fact_id", "text"),
            Column("label_sv", "text"),
            Column("label_en", "text"),
            Column("value", "text"),
            Column("unit", "text", required=False),
            _source(),
            Column("heading", "text"),
            Column("passage", "text", required=False),
        ),
        key=("fact_id",),
        description="Statements quoted from the two source documents, with the heading they stand under.",
    ),
    Table(
        "goals",
        (
            Column("goal_id", "text"),
            Column("target_area_no", "int", min=1, max=4),
            Column("target_area_sv", "text"),
            Column("target_area_en", "text"),
            Column("goal_no", "text", required=False),
            Column("parent_goal_id", "text", required=False, references="goals.goal_id"),
            Column("kind", "text", choices=("goal", "also_means", "text")),
            Column("text_sv", "text"),
            Column("text_en", "text"),
            Column("follow_up_by", "text", required=False),
            Column("heading", "text"),
            Column("sort_order", "int"),
        ),
        key=("goal_id",),
        description="The programme's target areas, numbered goals and 'målet innebär även att' items.",
    ),
    Table(
        "goal_responsibles",
        (
            Column("goal_id", "text", references="goals.goal_id"),
            Column("position", "int", min=1),
            Column("body", "text"),
            Column("body_kind", "text", choices=("nämnd", "bolag", "förvaltning/kontor", "annan")),
            Column("is_main", "bool"),
        ),
        key=("goal_id", "position"),
        description="Responsible committees and companies per goal, in the document's order (first = main).",
    ),
    Table(
        "goal_indicators",
        (
            Column("goal_id", "text", references="goals.goal_id"),
            Column("indicator_id", "text", references="indicators.indicator_id"),
            Column("note", "text", required=False),
        ),
        key=("goal_id", "indicator_id"),
        description="Which indicators in the data measure a goal (most goals have none yet).",
        optional=True,
    ),
    Table(
        "priority_areas",
        (
            Column("area_name", "text"),
            Column("area_id", "text", references="areas.area_id"),
            Column("kind", "text", choices=("prioritised_sdn", "above_average_stadsdel")),
            Column("name_as_printed", "text"),
            Column("section", "text"),
            _source(),
            Column("note", "text", required=False),
        ),
        key=("area_id", "kind", "section"),
        description="The six prioritised stadsdelsnämnder and the stadsdelar named above the city's social-risk average.",
    ),
    Table(
        "reception",
        (
            Column("municipality_id", "text", references="areas.area_id"),
            Column("municipality", "text"),
            Column("dimension", "text"),
            Column("value", "text"),
            Column("summary_sv", "text"),
            Column("summary_en", "text"),
            Column("passage", "text", required=False),
            Column("heading", "text", required=False),
            _source(),
        ),
        key=("municipality_id", "dimension"),
        description="How each municipality received the grant (Boverket 2014:17), one row per aspect.",
    ),
)

TABLES_BY_NAME = {t.name: t for t in TABLES}

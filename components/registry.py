"""The one list of pages: app.py builds navigation from it and the tests iterate over it.

Plain data (no streamlit import) so tests can read it without a running app.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PageSpec:
    key: str          # also the container key of the page's main element: st-key-page-<key>
    path: str         # file path, relative to the repo root
    url_path: str     # "" for the default page
    title_sv: str
    title_en: str
    # No icons: Material icons load a font from the internet and emoji render as empty boxes
    # on machines without an emoji font (projector laptops, headless CI).


PAGES: tuple[PageSpec, ...] = (
    PageSpec("home", "pages/home.py", "", "Start", "Home"),
    PageSpec("map", "pages/map.py", "karta", "Karta", "Map"),
    PageSpec("compare", "pages/compare.py", "jamfor", "Jämför och rapportera", "Compare and report"),
    PageSpec("area", "pages/area.py", "omrade", "Områdesprofil", "Area profile"),
    PageSpec("trends", "pages/trends.py", "trender", "Trender", "Trends"),
    PageSpec("grant", "pages/grant.py", "stimulansmedel", "Stimulansmedel", "Stimulus grant"),
    PageSpec("programme", "pages/programme.py", "programmet", "Programmet", "The programme"),
    PageSpec("risk_index", "pages/risk_index.py", "riskindex", "Riskindex", "Risk index"),
    PageSpec("presenter", "pages/presenter.py", "presentation", "Presentation", "Presenter"),
    PageSpec("sources", "pages/sources.py", "kallor", "Källor och data", "Sources and data"),
    PageSpec("sql_console", "pages/sql_console.py", "sql", "SQL-konsol", "SQL console"),
    PageSpec("data_import", "pages/data_import.py", "import", "Importera data", "Import data"),
    PageSpec("accessibility", "pages/accessibility.py", "tillganglighet", "Tillgänglighetsredogörelse", "Accessibility statement"),
)

PAGES_BY_KEY = {p.key: p for p in PAGES}

"""Recipes: data/recipes/<name>.toml says what to fetch from SCB or Kolada and which indicator it fills.

The format is docs/PROVIDERS.md / the handoff's RECIPE_FORMAT.md. `load_recipes()` reads and checks
every file; a problem raises `RecipeError` naming the file and the key. `manual_download(recipe,
lang)` is the same query as instructions for a person (the import page reads the saved file as is).
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from sammanhallen.data.schema import CONFIDENCE, TABLES_BY_NAME
from sammanhallen.data_import.providers import errors, kolada, pxweb
from sammanhallen.i18n import Text, t
from sammanhallen.paths import DATA_DIR

RECIPE_DIR = DATA_DIR / "recipes"
PROVIDERS = ("scb", "kolada")
SCHEMES = ("kommunkod", "explicit")
UNITS = TABLES_BY_NAME["indicators"].column("unit").choices
TOP_KEYS = {"provider", "table", "title_sv", "title_en", "status", "status_note", "years", "latest", "selection",
            "areas", "indicator", "source"}
INDICATOR_ID = re.compile(r"^[a-z][a-z0-9_]{1,79}$")
KOMMUNKOD = re.compile(r"^\d{4}$")


@dataclass(frozen=True)
class Recipe:
    name: str
    path: Path
    provider: str                       # "scb" or "kolada"
    table: str                          # SCB table id or Kolada KPI id
    title_sv: str
    title_en: str
    status: str                         # "verified" or "unverified"
    status_note: str
    years: tuple[str, ...] | None       # provider period codes, or None with `latest`
    latest: int | None
    selection: dict = field(hash=False)           # SCB: variable -> tuple of value codes (not area, not time)
    sum_over: tuple[str, ...]
    area_variable: str | None
    scheme: str
    codes: dict = field(hash=False)               # provider area code -> areas.area_id
    indicator: dict = field(hash=False)           # id, name_sv, name_en, unit, higher_is_better, domain, definition
    source: dict = field(hash=False)              # title, publisher, url, confidence

    def title(self, lang: str) -> str:
        return t(self.title_sv, self.title_en, lang)

    @property
    def indicator_id(self) -> str:
        return self.indicator["id"]


class _Problems:
    """Collects 'file: key: reason' in both languages."""

    def __init__(self, path: Path):
        self.path, self.items = path, []

    def add(self, key: str, sv: str, en: str) -> None:
        self.items.append(Text(f"{self.path.name}: {key}: {sv}", f"{self.path.name}: {key}: {en}"))

    def raise_if_any(self) -> None:
        if self.items:
            error = errors.RecipeError(Text("; ".join(p.sv for p in self.items), "; ".join(p.en for p in self.items)))
            error.problems = list(self.items)
            raise error


def _text(data: dict, key: str, problems: _Problems, label: str | None = None, required: bool = True) -> str:
    value = data.get(key)
    if value is None and not required:
        return ""
    if not isinstance(value, str) or (required and not value.strip()):
        problems.add(label or key, "saknas eller är inte en text", "is missing or not a string")
        return ""
    return value.strip()


def _codes(value, key: str, problems: _Problems) -> tuple[str, ...]:
    if not isinstance(value, list) or not value or not all(isinstance(c, str) and c.strip() for c in value):
        problems.add(key, "ska vara en lista med koder (text)", "must be a list of codes (strings)")
        return ()
    return tuple(c.strip() for c in value)


def _years(data: dict, problems: _Problems) -> tuple[tuple[str, ...] | None, int | None]:
    latest = data.get("latest")
    if latest is not None and (isinstance(latest, bool) or not isinstance(latest, int) or latest < 1):
        problems.add("latest", "ska vara ett heltal ≥ 1", "must be a whole number ≥ 1")
        latest = None
    years = data.get("years")
    if years == "latest" or (years is None and latest is not None):
        if latest is None:
            problems.add("latest", "saknas (years = \"latest\" kräver latest = N)", "is missing (years = \"latest\" needs latest = N)")
        return None, latest
    if latest is not None:
        problems.add("years", "ange antingen years eller latest, inte båda", "give either years or latest, not both")
    return _codes(years, "years", problems), None


def _selection(data: dict, provider: str, problems: _Problems) -> tuple[dict, tuple[str, ...]]:
    raw = data.get("selection")
    if provider == "kolada":
        if raw is not None:
            problems.add("selection", "Kolada-recept har ingen [selection]", "Kolada recipes have no [selection]")
        return {}, ()
    if not isinstance(raw, dict) or not raw:
        problems.add("selection", "saknas (SCB-recept behöver [selection])", "is missing (SCB recipes need [selection])")
        return {}, ()
    sum_over = raw.get("sum_over", [])
    sum_over = _codes(sum_over, "selection.sum_over", problems) if sum_over != [] else ()
    selection = {var: _codes(codes, f"selection.{var}", problems) for var, codes in raw.items() if var != "sum_over"}
    for var in sum_over:
        if var not in selection:
            problems.add("selection.sum_over", f"{var} är ingen variabel i [selection]", f"{var} is not a variable in [selection]")
    for var, codes in selection.items():
        if var not in sum_over and len(codes) > 1:
            problems.add(f"selection.{var}", "flera koder ger flera värden per område och år; välj en eller lägg variabeln i sum_over",
                         "several codes give several values per area and year; choose one or put the variable in sum_over")
    return selection, sum_over


def _areas(data: dict, provider: str, selection: dict, problems: _Problems) -> tuple[str | None, str, dict]:
    areas = data.get("areas") if isinstance(data.get("areas"), dict) else {}
    variable = areas.get("variable")
    if provider == "scb":
        variable = _text(areas, "variable", problems, "areas.variable")
        if variable in selection:
            problems.add("areas.variable", f"{variable} står också i [selection]", f"{variable} is also in [selection]")
    elif variable not in (None, "municipality"):
        problems.add("areas.variable", "bara kommuner (municipality) stöds för Kolada än", "only municipalities are supported for Kolada so far")
    scheme = areas.get("scheme", "kommunkod")
    if scheme not in SCHEMES:
        problems.add("areas.scheme", f"ska vara något av {', '.join(SCHEMES)}", f"must be one of {', '.join(SCHEMES)}")
    codes = areas.get("codes", {})
    if not isinstance(codes, dict) or not all(isinstance(k, str) and isinstance(v, str) and v for k, v in codes.items()):
        problems.add("areas.codes", "ska vara \"leverantörskod\" = \"area_id\"", "must be \"provider code\" = \"area_id\"")
        codes = {}
    if scheme == "explicit" and not codes:
        problems.add("areas.codes", "krävs när scheme = \"explicit\"", "is required when scheme = \"explicit\"")
    return variable or None, scheme, dict(codes)


def _indicator(data: dict, problems: _Problems) -> dict:
    raw = data.get("indicator") if isinstance(data.get("indicator"), dict) else {}
    out = {k: _text(raw, k, problems, f"indicator.{k}") for k in ("id", "name_sv", "name_en", "unit", "domain")}
    out["definition"] = _text(raw, "definition", problems, "indicator.definition", required=False)
    if out["id"] and not INDICATOR_ID.match(out["id"]):
        problems.add("indicator.id", "ska vara a–z, 0–9 och _ och börja med en bokstav", "must be a–z, 0–9 and _, starting with a letter")
    if out["unit"] and out["unit"] not in UNITS:
        problems.add("indicator.unit", f"'{out['unit']}' är ingen känd enhet ({', '.join(UNITS)})",
                     f"'{out['unit']}' is not a known unit ({', '.join(UNITS)})")
    direction = raw.get("higher_is_better", "")
    direction = {True: "true", False: "false"}.get(direction, direction)
    if direction not in ("true", "false", ""):
        problems.add("indicator.higher_is_better", "ska vara \"true\", \"false\" eller \"\"", "must be \"true\", \"false\" or \"\"")
    out["higher_is_better"] = direction
    return out


def _source(data: dict, problems: _Problems) -> dict:
    raw = data.get("source") if isinstance(data.get("source"), dict) else {}
    out = {k: _text(raw, k, problems, f"source.{k}") for k in ("title", "publisher", "url")}
    out["confidence"] = raw.get("confidence", "")
    if out["confidence"] not in CONFIDENCE:
        problems.add("source.confidence", f"ska vara något av {', '.join(CONFIDENCE)}", f"must be one of {', '.join(CONFIDENCE)}")
    return out


def load_recipe(path: Path) -> Recipe:
    """One recipe file, checked; RecipeError lists every problem as 'file: key: reason'."""
    path = Path(path)
    problems = _Problems(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        problems.add("file", f"kan inte läsas: {exc}", f"cannot be read: {exc}")
        problems.raise_if_any()
    for key in sorted(set(data) - TOP_KEYS):
        problems.add(key, "okänd nyckel", "unknown key")
    provider = data.get("provider")
    if provider not in PROVIDERS:
        problems.add("provider", f"ska vara något av {', '.join(PROVIDERS)}", f"must be one of {', '.join(PROVIDERS)}")
    table = _text(data, "table", problems)
    status = data.get("status")
    if status not in ("verified", "unverified"):
        problems.add("status", "ska vara \"verified\" eller \"unverified\"", "must be \"verified\" or \"unverified\"")
    status_note = _text(data, "status_note", problems, required=status == "unverified")
    years, latest = _years(data, problems)
    selection, sum_over = _selection(data, provider, problems)
    area_variable, scheme, codes = _areas(data, provider, selection, problems)
    recipe = Recipe(
        name=path.stem, path=path, provider=provider, table=table,
        title_sv=_text(data, "title_sv", problems), title_en=_text(data, "title_en", problems),
        status=status, status_note=status_note, years=years, latest=latest, selection=selection, sum_over=sum_over,
        area_variable=area_variable, scheme=scheme, codes=codes,
        indicator=_indicator(data, problems), source=_source(data, problems))
    problems.raise_if_any()
    return recipe


def load_recipes(folder: Path = RECIPE_DIR) -> dict[str, Recipe]:
    """Every data/recipes/*.toml by name (sorted); the first invalid file raises RecipeError."""
    return {path.stem: load_recipe(path) for path in sorted(Path(folder).glob("*.toml"))}


def manual_download(recipe: Recipe, lang: str, *, area_codes=(), years=(), scb_url: str = pxweb.SCB_URL,
                    kolada_url: str = kolada.KOLADA_URL) -> str:
    """How to fetch the recipe's data by hand: the URL, the exact selection, and where to upload it."""
    codes = list(area_codes) or list(recipe.codes)
    years = list(years) or list(recipe.years or ())
    when = ", ".join(years) if years else t(f"de {recipe.latest} senaste perioderna", f"the latest {recipe.latest} periods", lang)
    where = ", ".join(codes) if codes else t("kommunkoderna (4 siffror) för era kommuner", "your municipalities' codes (4 digits)", lang)
    if recipe.provider == "scb":
        selection = {**{v: list(c) for v, c in recipe.selection.items()}, recipe.area_variable: codes or ["…"], "Tid": years or ["…"]}
        url = pxweb.get_url(scb_url, recipe.table, selection, lang=t("sv", "en", lang))
        chosen = "\n".join(f"  {v}: {', '.join(c)}" for v, c in recipe.selection.items())
        lines = [t(f"SCB-tabell {recipe.table}: {recipe.title_sv}", f"SCB table {recipe.table}: {recipe.title_en}", lang),
                 t("Öppna (eller välj i Statistikdatabasen samma urval och spara som JSON-stat2):",
                   "Open (or choose the same selection in Statistikdatabasen and save as JSON-stat2):", lang), url,
                 t("Urval:", "Selection:", lang), chosen,
                 f"  {recipe.area_variable}: {where}", f"  {t('Tid', 'Time', lang)}: {when}"]
        if recipe.sum_over:
            lines.append(t(f"Värdena summeras över {', '.join(recipe.sum_over)}.", f"Values are summed over {', '.join(recipe.sum_over)}.", lang))
    else:
        url = kolada_url.rstrip("/") + "/" + kolada.data_path(recipe.table, codes or ["…"], years or None)
        lines = [t(f"Kolada-nyckeltal {recipe.table}: {recipe.title_sv}", f"Kolada KPI {recipe.table}: {recipe.title_en}", lang),
                 t("Öppna och spara svaret som .json:", "Open and save the answer as .json:", lang), url,
                 f"  {t('Kommuner', 'Municipalities', lang)}: {where}", f"  {t('År', 'Years', lang)}: {when}",
                 t("Följ next_url om svaret har fler sidor (spara varje sida).", "Follow next_url if the answer has more pages (save each page).", lang)]
    lines.append(t("Ladda sedan upp filen oförändrad på sidan Importera data.", "Then upload the file unchanged on the Import data page.", lang))
    return "\n".join(lines)

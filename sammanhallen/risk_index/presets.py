"""Risk-index presets: which indicators, in which domain and with what weight, against which
reference area; shipped ones in data/index_presets/, the user's own in the user folder. A preset is
checked before it is used or saved (`validate`), with every problem in Swedish and English.
"""
from __future__ import annotations

import json
import math
import os
import re
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Iterable

import pandas as pd

from sammanhallen.i18n import t
from sammanhallen.paths import DATA_DIR, user_dir


PRESET_DIR = DATA_DIR / "index_presets"
USER_SUBDIR = "index_presets"
DOMAINS = ("sociala_riskfaktorer", "halsa", "sakerhet_trygghet", "forsorjning")
DOMAIN_LABELS = {
    "sociala_riskfaktorer": ("Sociala riskfaktorer", "Social risk factors"),
    "halsa": ("Hälsa", "Health"),
    "sakerhet_trygghet": ("Säkerhet och trygghet", "Safety and security"),
    "forsorjning": ("Försörjning", "Self-support"),
}
# Units on a ratio scale where "area / city" means something: shares, amounts, and rates per inhabitant
# (crimes per 100 000, sickness days per insured person), which compare like shares. Counts depend on the
# area's size and ranks have no zero, so they cannot enter the index.
RATIO_UNITS = ("percent", "SEK", "SEK/year", "per_100000", "days")


_ID = re.compile(r"^[a-z0-9][a-z0-9_\-]{0,62}$")

Problem = tuple[str, str]  # (Swedish, English)


class PresetError(ValueError):
    """A preset that cannot be used or saved; ``problems`` holds (sv, en) messages."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("; ".join(en for _, en in problems))


@dataclass(frozen=True)
class Item:
    indicator_id: str
    domain: str
    weight: float = 1.0


@dataclass(frozen=True)
class Preset:
    preset_id: str
    name_sv: str
    name_en: str
    level: str                      # areas.level of the areas ranked
    parent_id: str                  # areas.parent_id of the areas ranked
    reference_area_id: str          # the area that is 100 (the city)
    items: tuple[Item, ...]
    min_indicators: int = 1
    domain_weights: dict = field(default_factory=lambda: {d: 1.0 for d in DOMAINS}, hash=False, compare=True)
    published: tuple[str, ...] = ()  # published index indicators shown beside the computed one
    description_sv: str = ""
    description_en: str = ""
    shipped: bool = field(default=False, compare=False)

    @property
    def indicator_ids(self) -> list[str]:
        return [i.indicator_id for i in self.items]

    @property
    def domains(self) -> list[str]:
        """The preset's domains, in the model's order."""
        present = {i.domain for i in self.items}
        return [d for d in DOMAINS if d in present]

    def name(self, lang: str) -> str:
        return t(self.name_sv, self.name_en, lang)

    def domain_weight(self, domain: str) -> float:
        return float(self.domain_weights.get(domain, 1.0))

    def without(self, indicator_id: str) -> "Preset":
        """The same preset with one indicator left out (minimum capped at what is left)."""
        items = tuple(i for i in self.items if i.indicator_id != indicator_id)
        return replace(self, items=items, min_indicators=min(self.min_indicators, max(len(items), 1)))

    def with_weights(self, item_weights: dict | None = None, domain_weights: dict | None = None) -> "Preset":
        items = tuple(replace(i, weight=float((item_weights or {}).get(i.indicator_id, i.weight))) for i in self.items)
        domains = {**self.domain_weights, **{k: float(v) for k, v in (domain_weights or {}).items()}}
        return replace(self, items=items, domain_weights=domains)


def preset_from_dict(data: dict, shipped: bool = False) -> Preset:
    """Build a preset from its JSON form; raises PresetError on a malformed document."""
    try:
        items = tuple(Item(str(i["indicator_id"]), str(i["domain"]), float(i.get("weight", 1.0)))
                      for i in data.get("items", []))
        preset = Preset(
            preset_id=str(data["preset_id"]), name_sv=str(data["name_sv"]), name_en=str(data.get("name_en") or data["name_sv"]),
            level=str(data["level"]), parent_id=str(data["parent_id"]), reference_area_id=str(data["reference_area_id"]),
            items=items, min_indicators=int(data.get("min_indicators", 1)),
            domain_weights={**{d: 1.0 for d in DOMAINS}, **{str(k): float(v) for k, v in (data.get("domain_weights") or {}).items()}},
            published=tuple(str(p) for p in data.get("published", ())),
            description_sv=str(data.get("description_sv", "")), description_en=str(data.get("description_en", "")),
            shipped=shipped,
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise PresetError([(f"Förinställningen är ofullständig eller felaktig: {exc}",
                            f"The preset is incomplete or malformed: {exc}")]) from exc
    return preset


def preset_to_dict(preset: Preset) -> dict:
    return {
        "preset_id": preset.preset_id, "name_sv": preset.name_sv, "name_en": preset.name_en,
        "description_sv": preset.description_sv, "description_en": preset.description_en,
        "level": preset.level, "parent_id": preset.parent_id, "reference_area_id": preset.reference_area_id,
        "min_indicators": preset.min_indicators,
        "domain_weights": {d: preset.domain_weight(d) for d in DOMAINS},
        "items": [{"indicator_id": i.indicator_id, "domain": i.domain, "weight": i.weight} for i in preset.items],
        "published": list(preset.published),
    }


def preset_key(preset: Preset) -> str:
    """A stable text form of everything that changes the result (for caches)."""
    return json.dumps(preset_to_dict(preset), sort_keys=True, ensure_ascii=False)


def check_preset(preset: Preset) -> list[Problem]:
    """Structural problems of a preset (no database needed)."""
    out: list[Problem] = []
    if not _ID.match(preset.preset_id):
        out.append((f"Id ”{preset.preset_id}” får bara innehålla små bokstäver a–z, siffror, _ och -.",
                    f"Id “{preset.preset_id}” may only contain lower-case a–z, digits, _ and -."))
    if not preset.name_sv.strip():
        out.append(("Förinställningen behöver ett namn.", "The preset needs a name."))
    if not preset.items:
        out.append(("Välj minst en indikator.", "Choose at least one indicator."))
    ids = preset.indicator_ids
    for dup in sorted({i for i in ids if ids.count(i) > 1}):
        out.append((f"{dup} finns med två gånger.", f"{dup} is listed twice."))
    for item in preset.items:
        if item.domain not in DOMAINS:
            out.append((f"{item.indicator_id}: okänd domän ”{item.domain}” (välj en av {', '.join(DOMAINS)}).",
                        f"{item.indicator_id}: unknown domain “{item.domain}” (choose one of {', '.join(DOMAINS)})."))
        if not (math.isfinite(item.weight) and item.weight > 0):
            out.append((f"{item.indicator_id}: vikten måste vara större än 0.",
                        f"{item.indicator_id}: the weight must be greater than 0."))
    for domain in preset.domains:
        w = preset.domain_weight(domain)
        if not (math.isfinite(w) and w > 0):
            out.append((f"Domänen {domain}: vikten måste vara större än 0.", f"Domain {domain}: the weight must be greater than 0."))
    if not 1 <= preset.min_indicators <= max(len(preset.items), 1):
        out.append((f"Minsta antal indikatorer måste vara mellan 1 och {len(preset.items)}.",
                    f"The minimum number of indicators must be between 1 and {len(preset.items)}."))
    if not preset.reference_area_id:
        out.append(("Välj ett referensområde.", "Choose a reference area."))
    return out


def check_against_indicators(preset: Preset, indicators: pd.DataFrame) -> list[Problem]:
    """Problems only the indicator table can show: unknown ids, no direction, counts, published indices.

    ``indicators`` has columns indicator_id, unit, higher_is_better, domain (as in the database)."""
    out: list[Problem] = []
    known = indicators.set_index("indicator_id")
    for item in preset.items:
        iid = item.indicator_id
        if iid not in known.index:
            out.append((f"{iid}: finns inte bland indikatorerna.", f"{iid}: not among the indicators."))
            continue
        row = known.loc[iid]
        if is_missing(row["higher_is_better"]):
            out.append((f"{iid}: indikatorn har ingen riktning (högre är varken bättre eller sämre, t.ex. folkmängd) "
                        "och kan inte ingå i ett riskindex.",
                        f"{iid}: the indicator has no direction (higher is neither better nor worse, e.g. population) "
                        "and cannot be part of a risk index."))
        if row["domain"] == "index":
            out.append((f"{iid}: ett publicerat eller beräknat index kan inte vara indata; visa det i stället bredvid.",
                        f"{iid}: a published or computed index cannot be an input; show it beside instead."))
        elif row["unit"] not in RATIO_UNITS:
            out.append((f"{iid}: enheten ”{row['unit']}” är ett antal eller en rang; bara andelar, kvoter per invånare och belopp kan jämföras "
                        "med referensområdet som kvot.",
                        f"{iid}: the unit “{row['unit']}” is a count or a rank; only shares, rates per inhabitant and amounts can be compared "
                        "with the reference area as a ratio."))
    return out


def validate(preset: Preset, indicators: pd.DataFrame | None = None) -> None:
    problems = check_preset(preset) + (check_against_indicators(preset, indicators) if indicators is not None else [])
    if problems:
        raise PresetError(problems)


def is_missing(value) -> bool:
    """None, pd.NA or NaN: a cell with no value."""
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def read_preset(path: Path, shipped: bool = False) -> Preset:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise PresetError([(f"{Path(path).name} kunde inte läsas: {exc}", f"{Path(path).name} could not be read: {exc}")]) from exc
    preset = preset_from_dict(data, shipped=shipped)
    problems = check_preset(preset)
    if problems:
        raise PresetError(problems)
    return preset


def user_preset_dir() -> Path:
    return user_dir() / USER_SUBDIR


def load_presets(shipped_dir: Path = PRESET_DIR, user_presets_dir: Path | None = None,
                 errors: list | None = None, include_user: bool = True) -> dict[str, Preset]:
    """Shipped presets (``data/index_presets/*.json``), then the user's saved ones; a broken user file
    is skipped and reported in ``errors`` as (file name, problems)."""
    out: dict[str, Preset] = {}
    for path in sorted(Path(shipped_dir).glob("*.json")):
        preset = read_preset(path, shipped=True)  # a broken shipped preset is a bug: raise
        out[preset.preset_id] = preset
    if not include_user:
        return out
    folder = Path(user_presets_dir) if user_presets_dir is not None else user_preset_dir()
    for path in sorted(folder.glob("*.json")) if folder.exists() else []:
        try:
            preset = read_preset(path)
        except PresetError as exc:
            if errors is not None:
                errors.append((path.name, exc.problems))
            continue
        if preset.preset_id in out:
            if errors is not None:
                errors.append((path.name, [("samma id som en medföljande förinställning", "same id as a shipped preset")]))
            continue
        out[preset.preset_id] = preset
    return out


def save_preset(preset: Preset, indicators: pd.DataFrame | None = None, shipped_dir: Path = PRESET_DIR,
                user_presets_dir: Path | None = None) -> Path:
    """Validate and write the preset as ``<user dir>/index_presets/<preset_id>.json`` (atomically).
    Shipped presets cannot be overwritten."""
    validate(preset, indicators)
    shipped = {p.stem for p in Path(shipped_dir).glob("*.json")} | {
        read_preset(p).preset_id for p in Path(shipped_dir).glob("*.json")}
    if preset.preset_id in shipped:
        raise PresetError([(f"”{preset.preset_id}” är en medföljande förinställning; spara under ett annat namn.",
                            f"“{preset.preset_id}” is a shipped preset; save under another name.")])
    folder = Path(user_presets_dir) if user_presets_dir is not None else user_preset_dir()
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{preset.preset_id}.json"
    handle, tmp = tempfile.mkstemp(prefix=target.name + ".", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(preset_to_dict(preset), out, ensure_ascii=False, indent=2)
            out.write("\n")
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return target


def delete_user_preset(preset_id: str, user_presets_dir: Path | None = None) -> bool:
    folder = Path(user_presets_dir) if user_presets_dir is not None else user_preset_dir()
    path = folder / f"{preset_id}.json"
    if _ID.match(preset_id) and path.exists():
        path.unlink()
        return True
    return False


def new_preset_id(name: str, taken: Iterable[str]) -> str:
    """'Mitt index' -> 'user-mitt-index' (with -2, -3 … when taken)."""
    from sammanhallen.codes import slugify

    base = "user-" + (slugify(name)[:40].strip("-") or "index")
    base = re.sub(r"[^a-z0-9_\-]", "", base)
    taken = set(taken)
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate

"""Tie a file's (area code, area name) pairs to the ``areas`` table, never by guessing.

By code first: an ``area_id`` as written (``0180-sdo-rinkeby-kista``, any case) or an SCB/Kolada
municipality code (``0180``, also ``180`` from a spreadsheet that dropped the zero; ``00``/``0000``
is Sweden). Then by name, tolerant of case, spacing, hyphens and diacritics
(:func:`sammanhallen.codes.match_key`) and of the usual suffixes and prefixes, which also say what
kind of area is meant: "Stockholms kommun", "Göteborgs stad" (municipality; the genitive s is
dropped), "Rinkeby-Kista stadsdelsområde", "Spånga–Tensta SDN" (borough), "Farsta stadsdel"
(Stockholm district or Malmö stadsdel), "Riket"/"Sverige" (country).

A code and a name must agree: "0180" + "Stockholms stad" is Stockholm; "0180" + "Tensta" (a
kommunkod column beside a district column) is the district when exactly one Stockholm area has
that name; "0180" + a name that is not Stockholm nor a part of it is left unmatched, with both
readings suggested. A name that fits several areas ("Tensta": the stadsdel and the Urban15 area;
"Farsta": stadsdelsområde and stadsdel) is unmatched with those areas as suggestions. Everything
else unmatched gets up to five suggestions by similarity of the normalised names (difflib).
"""
from __future__ import annotations

import difflib
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

import pandas as pd

from sammanhallen.codes import match_key

LEVEL_ORDER = {"country": 0, "municipality": 1, "borough": 2, "district": 3, "urban_district": 4, "area_group": 5}

_MUNICIPALITY_WORDS = r"kommun|kommunen|kommuns|stad|municipality|city"
_BOROUGH_WORDS = (r"stadsdelsområde|stadsdelsomrade|stadsdelsnämnd|stadsdelsnamnd|stadsdelsförvaltning|"
                  r"stadsdelsforvaltning|sdn|sdo|sdf|stadsområde|stadsomrade|borough")
_STADSDEL_WORDS = r"stadsdel|stadsdelen|district"
_DISTRICT_WORDS = r"primärområde|primaromrade"
_HINT_WORDS = [("municipality", _MUNICIPALITY_WORDS), ("borough", _BOROUGH_WORDS), ("stadsdel", _STADSDEL_WORDS),
               ("district", _DISTRICT_WORDS)]
_SUFFIX = [(hint, re.compile(rf"^(?P<rest>.+?)[\s,]+(?:{words})\.?$", re.I)) for hint, words in _HINT_WORDS]
_PREFIX = [(hint, re.compile(rf"^(?:{words})[\s:]+(?P<rest>.+)$", re.I)) for hint, words in _HINT_WORDS
           if hint != "municipality"]
_PAREN = re.compile(r"^(?P<rest>.+?)\s*\((?P<inner>[^)]*)\)\s*$")
_LEADING_CODE = re.compile(r"^(?P<code>\d{2,4}(?:[A-Z]\d{3,4})?)\s+(?P<rest>\S.*)$")
COUNTRY_ALIASES = {"riket", "sverige", "helariket", "helasverige", "sweden", "rikettotalt", "totaltriket",
                   "landet", "helalandet", "riketsverige"}


@dataclass
class MatchResult:
    matched: dict[tuple, str] = field(default_factory=dict)                     # key -> area_id
    unmatched: dict[tuple, list[tuple[str, str, float]]] = field(default_factory=dict)  # key -> suggestions
    how: dict[tuple, str] = field(default_factory=dict)                         # key -> "code" | "name" | "alias"
    reasons: dict[tuple, tuple[str, str]] = field(default_factory=dict)         # key -> (sv, en) why unmatched


def _hint_fits(hint: str | None, area_id: str, level: str | None) -> bool:
    if hint is None or level is None:  # an areas table without levels cannot be filtered by kind
        return True
    if hint == "municipality":
        return level == "municipality"
    if hint == "borough":
        return level == "borough"
    if hint == "stadsdel":
        return level in ("district", "urban_district") or area_id.startswith("1280-sd-")
    if hint == "district":
        return level == "district"
    return True


def _hint_of(text: str) -> str | None:
    t = text.strip().lower()
    for hint, words in _HINT_WORDS:
        if re.fullmatch(rf"(?:{words})", t):
            return hint
    return None


def _missing(v) -> bool:
    return v is None or (isinstance(v, float) and math.isnan(v)) or (isinstance(v, str) and not v.strip()) \
        or v is pd.NA


class _Areas:
    def __init__(self, areas: pd.DataFrame):
        for col in ("area_id", "name"):
            if col not in areas.columns:
                raise ValueError(f"areas needs the columns area_id and name; it has {list(areas.columns)}")
        ids = areas["area_id"].astype(str).tolist()
        names = areas["name"].astype(str).tolist()
        levels = areas["level"].tolist() if "level" in areas.columns else [None] * len(ids)
        parents = areas["parent_id"].tolist() if "parent_id" in areas.columns else [None] * len(ids)
        self.ids = ids
        self.by_id = {a.casefold(): a for a in ids}
        self.name = dict(zip(ids, names))
        self.level = {a: (None if _missing(lv) else str(lv)) for a, lv in zip(ids, levels)}
        self.parent = {a: (None if _missing(p) else str(p)) for a, p in zip(ids, parents)}
        self.by_key: dict[str, list[tuple[str, str | None, bool]]] = {}  # key -> (area_id, implied hint, exact)
        for a, n in zip(ids, names):
            self._add(match_key(n), a, None, True)
            m = _PAREN.match(n)
            if m:
                self._add(match_key(m.group("rest")), a, _hint_of(m.group("inner")), False)
        self.country = next((a for a in ids if self.level.get(a) == "country"), "SE" if "SE" in ids else None)
        self.fuzzy_keys: list[tuple[str, str]] = []
        for key, entries in self.by_key.items():
            for a, _, _ in entries:
                self.fuzzy_keys.append((key, a))

    def _add(self, key: str, area_id: str, hint: str | None, exact: bool) -> None:
        if key:
            self.by_key.setdefault(key, []).append((area_id, hint, exact))

    def ancestors(self, area_id: str) -> set[str]:
        seen: set[str] = set()
        p = self.parent.get(area_id)
        while p and p not in seen:
            seen.add(p)
            p = self.parent.get(p)
        return seen

    def sort(self, area_ids) -> list[str]:
        return sorted(dict.fromkeys(area_ids), key=lambda a: (LEVEL_ORDER.get(self.level.get(a) or "", 9), a))

    # ----------------------------------------------------------------------------------- codes

    def by_code(self, code) -> str | None:
        if isinstance(code, float) and code.is_integer():
            code = int(code)
        c = str(code).strip()
        if re.fullmatch(r"\d+\.0+", c):
            c = c.split(".")[0]
        hit = self.by_id.get(c.casefold())
        if hit:
            return hit
        if re.fullmatch(r"\d{1,4}", c):
            if int(c) == 0:
                return self.country
            hit = self.by_id.get(c.zfill(4))
            if hit and self.level.get(hit) in ("municipality", None):
                return hit
        return None

    # ----------------------------------------------------------------------------------- names

    def by_name(self, name: str) -> tuple[list[str], str, str | None, str, list[str]]:
        """(candidates, how, hint, normalised key, candidates before the hint filter)."""
        raw = " ".join(str(name).replace("\u00a0", " ").split())
        k0 = match_key(raw)
        entries0 = self.by_key.get(k0, [])
        if entries0:  # the name as written ("Bergsjön" fits "Bergsjön" and "Bergsjön (stadsdelsnämnd)")
            cands = self.sort(a for a, _, _ in entries0)
            how = "name" if all(ex for _, _, ex in entries0) else "alias"
            return cands, how, None, k0, cands
        rest, hint = raw, None
        m = _LEADING_CODE.match(rest)
        if m:
            rest = m.group("rest")
        changed = True
        while changed:
            changed = False
            m = _PAREN.match(rest)
            if m:
                rest, hint = m.group("rest"), hint or _hint_of(m.group("inner"))
                changed = True
            for h, rx in _SUFFIX + _PREFIX:
                m = rx.match(rest)
                if m and match_key(m.group("rest")):
                    rest, hint = m.group("rest"), hint or h
                    changed = True
                    break
        key = match_key(rest)
        if key in COUNTRY_ALIASES and self.country:
            return [self.country], "alias", hint, key, [self.country]
        entries = list(self.by_key.get(key, []))
        if not entries and hint == "municipality" and key.endswith("s"):
            key = key[:-1]
            entries = list(self.by_key.get(key, []))
        if not entries and hint is None:
            # Swedish genitive before an unknown word ("Stockholms ...") is not guessed at
            return [], "alias", hint, key, []
        before = self.sort(a for a, _, _ in entries)
        cands = [a for a, implied, _ in entries
                 if _hint_fits(hint, a, self.level.get(a)) and (implied is None or hint is None or implied == hint
                                                               or hint == "stadsdel")]
        return self.sort(cands), "alias", hint, key, before

    def suggestions(self, key: str, *, hint: str | None = None, first: Iterable[str] = (), n: int = 5
                    ) -> list[tuple[str, str, float]]:
        out: dict[str, float] = {}
        for a in first:
            out.setdefault(a, 1.0)
        if key and len(out) < n:
            sm = difflib.SequenceMatcher(autojunk=False)
            sm.set_seq2(key)
            scores: dict[str, float] = {}
            for k, a in self.fuzzy_keys:
                if a in out:
                    continue
                sm.set_seq1(k)
                if sm.real_quick_ratio() < 0.45 or sm.quick_ratio() < 0.45:
                    continue
                r = sm.ratio()
                if _hint_fits(hint, a, self.level.get(a)):
                    r = min(1.0, r + 0.05) if hint else r
                if r >= 0.6 and r > scores.get(a, 0):
                    scores[a] = r
            for a, r in sorted(scores.items(), key=lambda kv: (-kv[1], LEVEL_ORDER.get(self.level.get(kv[0]) or "", 9),
                                                               kv[0])):
                if len(out) >= n:
                    break
                out[a] = r
        return [(a, self.name[a], round(float(s), 3)) for a, s in list(out.items())[:n]]


def match_areas(keys: Iterable[tuple[str | None, str | None]], areas: pd.DataFrame) -> MatchResult:
    """Match distinct (area_code, area_name) pairs to ``areas`` (area_id, name, level, parent_id)."""
    idx = _Areas(areas)
    result = MatchResult()
    for key in keys:
        key = tuple(key)
        if key in result.matched or key in result.unmatched:
            continue
        code, name = (key + (None, None))[:2]
        code = None if _missing(code) else code
        name = None if _missing(name) else str(name)
        _match_one(idx, key, code, name, result)
    return result


def _ok(result: MatchResult, key, area_id: str, how: str) -> None:
    result.matched[key] = area_id
    result.how[key] = how


def _no(result: MatchResult, key, suggestions, sv: str, en: str) -> None:
    result.unmatched[key] = suggestions
    result.reasons[key] = (sv, en)


def _match_one(idx: _Areas, key, code, name, result: MatchResult) -> None:
    code_hit = idx.by_code(code) if code is not None else None
    if code is None and name is not None:
        m = _LEADING_CODE.match(name.strip())
        if m and idx.by_code(m.group("code")):
            code_hit = idx.by_code(m.group("code"))
            code = m.group("code")
    if name is None:
        if code_hit:
            _ok(result, key, code_hit, "code")
        elif code is None:
            _no(result, key, [], "Raden har varken områdeskod eller namn", "The row has neither area code nor name")
        else:
            _no(result, key, [], f"Inget känt område har koden '{code}'", f"No known area has the code '{code}'")
        return

    cands, how, hint, nkey, before = idx.by_name(name)
    if code_hit:
        if not cands or code_hit in cands:
            if code_hit in cands or match_key(name) == match_key(idx.name[code_hit]):
                _ok(result, key, code_hit, "code")
                return
            _no(result, key, idx.suggestions(nkey, hint=hint, first=[code_hit]),
                f"Koden '{code}' är {idx.name[code_hit]}, men namnet '{name}' passar inte den; kontrollera raden",
                f"The code '{code}' is {idx.name[code_hit]}, but the name '{name}' does not fit it; check the row")
            return
        inside = [a for a in cands if code_hit in idx.ancestors(a)]
        if len(inside) == 1:
            _ok(result, key, inside[0], "name" if how == "name" else "alias")
            return
        if inside:
            _no(result, key, idx.suggestions(nkey, first=inside),
                f"Namnet '{name}' passar flera områden i {idx.name[code_hit]}; välj vilket",
                f"The name '{name}' fits several areas in {idx.name[code_hit]}; choose which")
            return
        _no(result, key, idx.suggestions(nkey, first=[code_hit] + cands),
            f"Koden '{code}' ({idx.name[code_hit]}) och namnet '{name}' pekar på olika områden",
            f"The code '{code}' ({idx.name[code_hit]}) and the name '{name}' point to different areas")
        return

    if len(cands) == 1:
        _ok(result, key, cands[0], how)
        return
    if len(cands) > 1:
        _no(result, key, idx.suggestions(nkey, first=cands),
            f"Namnet '{name}' passar flera områden ({', '.join(cands[:5])}); välj vilket, inget gissas",
            f"The name '{name}' fits several areas ({', '.join(cands[:5])}); choose which, nothing is guessed")
        return
    if before:
        _no(result, key, idx.suggestions(nkey, hint=hint, first=before),
            f"Namnet '{name}' anger en annan sorts område än de som heter så ({', '.join(before[:5])})",
            f"The name '{name}' names another kind of area than the ones called so ({', '.join(before[:5])})")
        return
    sv = f"Inget område heter '{name}'"
    en = f"No area is called '{name}'"
    if code is not None:
        sv += f" och koden '{code}' är okänd"
        en += f" and the code '{code}' is unknown"
    _no(result, key, idx.suggestions(nkey, hint=hint), sv, en)

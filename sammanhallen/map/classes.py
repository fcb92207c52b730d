"""Class breaks, palettes and legends of a choropleth (plain Python; never imports streamlit).

The map explorer and the map view (slides, .pptx) share these, so the screen and the exported slide
show the same classes in the same colours.
"""
from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

from sammanhallen.formatting import DEFAULT_DECIMALS, UNIT_SUFFIX, format_number, is_missing
from sammanhallen.i18n import MISSING, t

# ----------------------------------------------------------------------------------- classification

SCHEMES = {
    "quantiles": ("Kvantiler (lika många områden per klass)", "Quantiles (equal count per class)"),
    "natural": ("Naturliga brytpunkter (Fisher–Jenks)", "Natural breaks (Fisher–Jenks)"),
    "equal": ("Lika intervall", "Equal interval"),
}
DEFAULT_SCHEME = "quantiles"
DEFAULT_K = 5
K_RANGE = (2, 7)


@dataclass
class Classes:
    scheme: str
    bounds: list[tuple[float, float]]   # (low, high) per class, inclusive
    note: str = ""                      # why fewer classes than requested (sv)
    note_en: str = ""

    @property
    def k(self) -> int:
        return len(self.bounds)

    def class_of(self, value) -> int | None:
        """Index of the class holding value; None for a missing value."""
        if is_missing(value) or not self.bounds:
            return None
        uppers = [hi for _, hi in self.bounds]
        i = int(np.searchsorted(uppers, float(value) - 1e-9 * max(1.0, abs(float(value))), side="left"))
        return min(i, len(uppers) - 1)


def effective_k(n_values: int, n_unique: int, k: int) -> int:
    """Fewer classes when few values: never more classes than distinct values, and about two
    areas per class when there are fewer than 2k values."""
    if n_unique <= 1:
        return n_unique
    k = max(1, min(int(k), n_unique))
    if n_values < 2 * k:
        k = min(k, max(2, n_values // 2))
    return k


def classify(values, scheme: str = DEFAULT_SCHEME, k: int = DEFAULT_K) -> Classes:
    """Class breaks with mapclassify. Missing values are ignored; all-equal values give one class."""
    import mapclassify

    if scheme not in SCHEMES:
        raise ValueError(f"unknown classification {scheme!r}; use one of {sorted(SCHEMES)}")
    y = np.array([float(v) for v in values if not is_missing(v)], dtype=float)
    if y.size == 0:
        return Classes(scheme, [], "Inga värden att klassindela.", "No values to classify.")
    lo = float(y.min())
    uniq = np.unique(y)
    k_eff = effective_k(y.size, uniq.size, k)
    if k_eff <= 1:
        return Classes(scheme, [(lo, float(y.max()))],
                       "En klass: alla värden är lika." if uniq.size == 1 else "",
                       "One class: all values are equal." if uniq.size == 1 else "")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if scheme == "quantiles":
            clf = mapclassify.Quantiles(y, k=k_eff)
        elif scheme == "natural":
            clf = mapclassify.FisherJenks(y, k=k_eff)
        else:
            clf = mapclassify.EqualInterval(y, k=k_eff)
    uppers = sorted(set(float(b) for b in clf.bins))
    uppers[-1] = max(uppers[-1], float(y.max()))
    bounds, prev = [], None
    for hi in uppers:
        members = y[(y <= hi)] if prev is None else y[(y > prev) & (y <= hi)]
        if scheme == "equal":
            # Equal interval: the legend shows the interval edges, empty classes included.
            bounds.append((lo if prev is None else prev, hi))
        elif members.size:
            # Quantiles and natural breaks: the legend shows the range of the values in each class.
            bounds.append((float(members.min()), float(members.max())))
        prev = hi
    note = note_en = ""
    if len(bounds) < k:
        note = f"{len(bounds)} klasser i stället för {k}: för få olika värden ({y.size} värden)."
        note_en = f"{len(bounds)} classes instead of {k}: too few distinct values ({y.size} values)."
    return Classes(scheme, bounds, note, note_en)


# ------------------------------------------------------------------------------------------ colours

# ColorBrewer (Brewer, Harrower & PSU), sequential schemes marked colour-blind safe.
_ORRD = {
    3: ["#fee8c8", "#fdbb84", "#e34a33"],
    4: ["#fef0d9", "#fdcc8a", "#fc8d59", "#d7301f"],
    5: ["#fef0d9", "#fdcc8a", "#fc8d59", "#e34a33", "#b30000"],
    6: ["#fef0d9", "#fdd49e", "#fdbb84", "#fc8d59", "#e34a33", "#b30000"],
    7: ["#fef0d9", "#fdd49e", "#fdbb84", "#fc8d59", "#ef6548", "#d7301f", "#990000"],
}
_BLUES = {
    3: ["#deebf7", "#9ecae1", "#3182bd"],
    4: ["#eff3ff", "#bdd7e7", "#6baed6", "#2171b5"],
    5: ["#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c"],
    6: ["#eff3ff", "#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c"],
    7: ["#eff3ff", "#c6dbef", "#9ecae1", "#6baed6", "#4292c6", "#2171b5", "#084594"],
}
NO_DATA_COLOR = "#d4d4d4"
# Legend swatches are outlined at 3:1 against white: the light classes alone are not (WCAG 1.4.11).
LEGEND_EDGE = "#767676"


def _ramp(table: dict, k: int) -> list[str]:
    if k <= 0:
        return []
    if k == 1:
        return [table[5][2]]
    if k == 2:
        return [table[3][1], table[3][2]]
    return list(table[min(k, 7)])


def direction(higher_is_better) -> str:
    """'higher_is_worse', 'higher_is_better' or 'neutral' from indicators.higher_is_better."""
    if higher_is_better is None or is_missing(higher_is_better) or higher_is_better is pd.NA:
        return "neutral"
    return "higher_is_better" if bool(higher_is_better) else "higher_is_worse"


def palette(k: int, higher_is_better) -> list[str]:
    """Colours for classes ordered from lowest to highest value.

    Bad end = dark, warm: ascending orange-red when higher is worse, the same ramp reversed when
    higher is better; a neutral blue ramp when the indicator has no direction (population)."""
    d = direction(higher_is_better)
    if d == "neutral":
        return _ramp(_BLUES, k)
    ramp = _ramp(_ORRD, k)
    return ramp if d == "higher_is_worse" else ramp[::-1]


def hex_to_rgba(hex_color: str, alpha: int = 255) -> list[int]:
    h = hex_color.lstrip("#")
    return [int(h[i:i + 2], 16) for i in (0, 2, 4)] + [alpha]


# ------------------------------------------------------------------------------------------- legend


def _decimals(values, unit: str | None) -> int:
    y = [float(v) for v in values if not is_missing(v)]
    if y and all(float(v).is_integer() for v in y):
        return 0
    d = DEFAULT_DECIMALS.get(unit or "", 1)
    return max(d, 1)


def range_label(lo: float, hi: float, unit: str | None, lang: str = "sv", decimals: int = 1) -> str:
    suffix = UNIT_SUFFIX[lang].get(unit or "", "")
    a, b = format_number(lo, decimals, lang), format_number(hi, decimals, lang)
    return (a if a == b else f"{a}–{b}") + suffix


@dataclass
class LegendEntry:
    color: str
    label: str
    count: int
    no_data: bool = False


def legend_entries(classes: Classes, values, higher_is_better, unit: str | None, lang: str = "sv",
                   n_missing: int = 0) -> list[LegendEntry]:
    """One entry per class (lowest first) with its range in Swedish number format and its count,
    then the no-data class with the number of areas without a value."""
    vals = [v for v in values if not is_missing(v)]
    dec = _decimals(vals, unit)
    colors = palette(classes.k, higher_is_better)
    counts = [0] * classes.k
    for v in vals:
        counts[classes.class_of(v)] += 1
    out = [LegendEntry(colors[i], range_label(lo, hi, unit, lang, dec), counts[i]) for i, (lo, hi) in enumerate(classes.bounds)]
    if n_missing:
        label = MISSING.in_(lang).capitalize()
        word = t("område", "area", lang) if n_missing == 1 else t("områden", "areas", lang)
        out.append(LegendEntry(NO_DATA_COLOR, f"{label} ({n_missing} {word})", n_missing, no_data=True))
    return out

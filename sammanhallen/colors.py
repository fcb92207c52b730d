"""The same colour for the same area on every page and in every export.

Urban15 districts and the nine municipalities get fixed colours from a colour-blind-safe
palette (Okabe–Ito extended with Tableau 10 tones); any other area gets a colour derived from
its code, so it is stable between runs and sessions.
"""
from __future__ import annotations

import hashlib

# Okabe & Ito (2008) plus Tol's muted scheme: distinguishable under the common colour-vision deficiencies.
# The light tones are darkened to 3:1 against white (WCAG 1.4.11); tests/test_accessibility_colors.py checks both.
PALETTE = (
    "#0072B2", "#C78500", "#009E73", "#CC79A7", "#5A9BA8", "#D55E00", "#332288", "#117733",
    "#882255", "#AA4499", "#3BA392", "#999933", "#661100", "#6699CC", "#888888",
)
REFERENCE_GREY = "#555555"

_FIXED = {
    # nine municipalities
    # Stockholm is drawn beside its own boroughs, so it is the dark "city" colour, not a palette hue.
    "0180": "#222222", "0181": PALETTE[1], "0780": PALETTE[2], "1280": PALETTE[3], "1282": PALETTE[4],
    "1290": PALETTE[5], "1480": PALETTE[6], "1488": PALETTE[7], "1490": PALETTE[8],
    # reference areas
    "SE": REFERENCE_GREY, "u15-all": "#5D3A9B",
}
_URBAN15 = (
    "u15-hassleholmen", "u15-bergsjon", "u15-gardsten", "u15-hjallbo", "u15-norra-biskopsgarden",
    "u15-gamlegarden", "u15-centrum-oster", "u15-herrgarden", "u15-sodra-sofielund", "u15-rinkeby",
    "u15-tensta", "u15-hovsjo", "u15-ronna", "u15-kronogarden", "u15-araby",
)
_FIXED.update({area_id: PALETTE[i % len(PALETTE)] for i, area_id in enumerate(_URBAN15)})
# Stockholm's boroughs (both divisions) get distinct colours; hashing gave two of them the same one.
_STOCKHOLM_BOROUGHS = (
    "0180-sdo-rinkeby-kista", "0180-sdo-spanga-tensta", "0180-sdo-hasselby-vallingby", "0180-sdo-bromma",
    "0180-sdo-kungsholmen", "0180-sdo-norrmalm", "0180-sdo-ostermalm", "0180-sdo-sodermalm",
    "0180-sdo-enskede-arsta-vantor", "0180-sdo-skarpnack", "0180-sdo-farsta", "0180-sdo-alvsjo",
    "0180-sdo-hagersten-liljeholmen", "0180-sdo-hagersten-alvsjo", "0180-sdo-skarholmen",
)
# Boroughs are compared with municipalities too (Spånga-Tensta beside Södertälje), so they take hues
# the municipalities do not use: the unused Okabe-Ito/Tol ones, then Tableau 10 tones.
_BOROUGH_PALETTE = (
    "#0072B2", "#AA4499", "#3BA392", "#999933", "#661100", "#6699CC", "#A39446", "#CC6677",
    "#1F4E79", "#B07AA1", "#9C755F", "#4E79A7", "#DA7B17", "#2E6B27", "#E15759",
)
_FIXED.update({area_id: _BOROUGH_PALETTE[i] for i, area_id in enumerate(_STOCKHOLM_BOROUGHS)})
# Malmö's ten stadsdelar are drawn together on the risk-index page; hashing gave three of them one colour.
_MALMO_STADSDELAR = (
    "1280-sd-centrum", "1280-sd-fosie", "1280-sd-husie", "1280-sd-hyllie", "1280-sd-kirseberg",
    "1280-sd-limhamn-bunkeflo", "1280-sd-oxie", "1280-sd-rosengard", "1280-sd-sodra-innerstaden",
    "1280-sd-vastra-innerstaden",
)
_FIXED.update({area_id: _BOROUGH_PALETTE[(i + 5) % len(_BOROUGH_PALETTE)] for i, area_id in enumerate(_MALMO_STADSDELAR)})


def area_color(area_id: str) -> str:
    if area_id in _FIXED:
        return _FIXED[area_id]
    digest = hashlib.sha256(area_id.encode()).digest()
    return PALETTE[digest[0] % len(PALETTE)]


def color_scale(area_ids, names=None) -> tuple[list[str], list[str]]:
    """(domain, range) for an Altair scale; domain is names when given (legend shows names)."""
    ids = list(area_ids)
    labels = list(names) if names is not None else ids
    return labels, [area_color(a) for a in ids]

"""Stable area codes and name normalisation (see docs/CONVENTIONS.md)."""
from __future__ import annotations

import re
import unicodedata

_ASCII_FOLD = str.maketrans({"å": "a", "ä": "a", "ö": "o", "é": "e", "ü": "u"})


def slugify(name: str) -> str:
    """'Hässelby gård' -> 'hasselby-gard'; used to build area_id codes."""
    folded = name.strip().lower().translate(_ASCII_FOLD)
    folded = unicodedata.normalize("NFKD", folded).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-")


def match_key(name: str) -> str:
    """Key for tolerant name matching: case, spacing, hyphens and diacritics ignored."""
    return slugify(name).replace("-", "")

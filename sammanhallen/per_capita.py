"""Kronor per inhabitant: the one rule the map, the compare page and the grant page share.

A quotient needs a population figure that is a positive number with confidence high or medium. A
low-confidence figure (a count for an informal site, or "mer än 5 000" stored as 5 000) is still shown
with its source, but gives no quotient: dividing by a rough count or a lower bound would show an
estimate as a figure. Which year's population a page may use is the page's own choice (the map: the
payment's year; compare: that year, or the nearest if the reader allows it; grant: the nearest, with
the distance in years stated).
"""
from __future__ import annotations

import pandas as pd

USABLE_CONFIDENCE = ("high", "medium")


def usable_population(population: pd.Series, confidence: pd.Series) -> pd.Series:
    """True where a population figure may be divided by: a positive number of high or medium confidence."""
    pop = pd.to_numeric(population, errors="coerce")
    return pop.notna() & (pop > 0) & confidence.isin(USABLE_CONFIDENCE)


def kronor_per_inhabitant(amount: pd.Series, population: pd.Series, confidence: pd.Series) -> pd.Series:
    """amount / population where the population is usable and the amount exists; NaN (a gap) elsewhere."""
    pop = pd.to_numeric(population, errors="coerce").astype(float)
    amount = pd.to_numeric(amount, errors="coerce").astype(float)
    ok = usable_population(population, confidence) & amount.notna()
    return (amount / pop.where(ok)).where(ok)


def weak_population(population: pd.Series, confidence: pd.Series) -> pd.Series:
    """True where a population figure exists but may not be divided by (the gap's reason)."""
    return pd.to_numeric(population, errors="coerce").notna() & ~usable_population(population, confidence)

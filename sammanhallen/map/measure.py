"""A map's measure from values to legend, one rule for the page and the slide/export view:
the values of one measure and year, joined onto the layer's areas, classified, and the legend
(class ranges with counts, then the no-data class) with the source line under it."""
from __future__ import annotations

from typing import Callable, NamedTuple

import pandas as pd

from sammanhallen.citations import source_line
from sammanhallen.map import classes as map_classes
from sammanhallen.map import data as map_data
from sammanhallen.map import layers as ml
from sammanhallen.map.geographies import GeoLayer


class MeasureView(NamedTuple):
    values: map_data.MapValues
    joined: ml.JoinResult
    classes: map_classes.Classes
    legend: list[map_classes.LegendEntry]
    source: str

    def class_label(self, value) -> str:
        """The legend label an area's value falls in (the last entry, 'no data', for a missing value)."""
        c = self.classes.class_of(value)
        return self.legend[c].label if c is not None else self.legend[-1].label


def measure_view(run: Callable[..., pd.DataFrame], layer: GeoLayer, measure: map_data.Measure, year: int,
                 scheme: str, k: int, lang: str) -> MeasureView:
    values = map_data.values(run, measure, year, layer.area_ids, lang)
    joined = ml.join_values(layer, values.rows)
    classes = map_classes.classify(joined.areas["value"], scheme, int(k))
    legend = map_classes.legend_entries(classes, joined.areas["value"], measure.higher_is_better, measure.unit, lang,
                                        len(joined.missing))
    return MeasureView(values, joined, classes, legend, source_line(values.rows, lang, "year"))

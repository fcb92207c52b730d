"""Each storyboard view's title without drawing its chart is the chart's own title."""
from __future__ import annotations

import pytest

from sammanhallen.views import view_module

CASES = {
    "compare": [{}, {"indicator": "ekonomiskt_bistand_andel_befolkning", "areas": "0180,0181,u15-tensta", "year": "2016"},
                {"indicator": "funds_per_inhabitant", "areas": "u15-tensta,1280"},
                {"indicator": "folkmangd", "areas": "", "year": "1990"}],
    "trends": [{}, {"indicator": "ekonomiskt_bistand_andel_befolkning", "areas": "0180,0180-sdo-spanga-tensta"},
               {"indicator": "no_such_indicator", "areas": "u15-tensta"}],
    "map": [{}, {"geo": "sdo", "vintage": "2020-"}, {"geo": "sd"}, {"geo": "u15"}, {"geo": "kommun"},
            {"geo": "sdo", "measure": "folkmangd", "year": "1990"}, {"geo": "sdo", "measure": "no_such_measure"}],
}


@pytest.mark.parametrize("page, params", [(page, p) for page, cases in CASES.items() for p in cases])
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_title_is_the_charts_title(con, page, params, lang):
    module = view_module(page)
    assert module.title(con, params, lang) == module.chart(con, params, lang).title

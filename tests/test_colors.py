"""Areas that are shown together never share a colour, and colours are stable."""
from sammanhallen.colors import area_color


def _colours(con, sql):
    ids = [a for (a,) in con.execute(sql).fetchall()]
    return ids, {area_color(a) for a in ids}


def test_stockholm_and_its_boroughs_are_distinguishable(con):
    ids, colours = _colours(con, "select area_id from areas where parent_id = '0180' and level = 'borough' union all select '0180'")
    assert len(ids) == 16 and len(colours) == 16


def test_the_fifteen_urban15_districts_are_distinguishable(con):
    ids, colours = _colours(con, "select area_id from areas where level = 'urban_district'")
    assert len(colours) == len(ids) == 15


def test_the_nine_municipalities_and_sweden_are_distinguishable(con):
    ids, colours = _colours(con, "select area_id from areas where level in ('municipality', 'country')")
    assert len(colours) == len(ids) == 10


def test_colours_are_stable_between_calls():
    assert area_color("1280-sd-rosengard") == area_color("1280-sd-rosengard")
    assert area_color("u15-tensta") != area_color("u15-rinkeby")


def test_stockholm_boroughs_never_share_a_colour_with_a_municipality(con):
    boroughs, borough_colours = _colours(con, "select area_id from areas where parent_id = '0180' and level = 'borough'")
    municipalities, municipality_colours = _colours(con, "select area_id from areas where level = 'municipality'")
    assert not borough_colours & municipality_colours

-- Observations counted per indicator and area, with the years that have a row as a bit mask (bit
-- year - 1980 set; years lie in 1980–2035, so 56 bits): what the map needs to list the measures of a
-- geography of thousands of areas without reading every value. OR-ing masks is far cheaper than
-- merging lists of years. Decode: list_filter(range(1980, 2036), y -> ((mask >> (y - 1980)) & 1) = 1).
-- Created as a table by the build (python -m sammanhallen.data.build); rebuilt with the database.
-- Grain: indicator_id, area_id.
create or replace table indicator_area_summary as
select
    o.indicator_id,
    o.area_id,
    a.level as area_level,
    count(o.value) as n_values,
    count(*) as n_rows,
    bit_or((1::ubigint) << (o.year - 1980)::ubigint) as year_mask
from observations o
left join areas a on a.area_id = o.area_id
group by all
order by o.indicator_id, o.area_id  -- a stable row order, so exports and published copies match the file

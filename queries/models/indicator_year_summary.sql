-- Observations counted per indicator, area level, year and source: built once by the build, so the
-- pages' whole-table summaries (indicator list, coverage) read a few thousand rows, not every value.
-- Created as a table by the build (python -m sammanhallen.data.build); rebuilt with the database.
-- Grain: indicator_id, area_level, year, source_id.  (One observation per area, indicator and year,
-- so n_rows is also the number of areas.)
create or replace table indicator_year_summary as
select
    o.indicator_id,
    a.level as area_level,
    o.year,
    o.source_id,
    count(o.value) as n_values,
    count(*) as n_rows,
    count(*) filter (where o.confidence = 'low') as n_low
from observations o
left join areas a on a.area_id = o.area_id
group by all
order by o.indicator_id, a.level, o.year, o.source_id  -- a stable row order, so exports and published copies match the file

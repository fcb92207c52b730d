-- Every observation with its area, indicator and full citation: the staging model the page
-- queries select from, so the joins and column names for a cited value live in one place.
-- Created as a view by the build (python -m sammanhallen.data.build).
-- Grain: area_id, indicator_id, year.
create or replace view observation_details as
select
    o.area_id,
    a.name as area_name,
    a.level as area_level,
    a.parent_id,
    o.indicator_id,
    i.name_sv as indicator_name_sv,
    i.name_en as indicator_name_en,
    i.unit,
    i.domain,
    o.year,
    o.value,
    o.confidence,
    o.note,
    s.source_id,
    s.title as source_title,
    s.publisher as source_publisher,
    s.year as source_year,
    s.url as source_url
from observations o
join areas a on a.area_id = o.area_id
join indicators i on i.indicator_id = o.indicator_id
join sources s on s.source_id = o.source_id

-- The time series of one indicator for chosen areas, one row per existing value, with the
-- indicator's names and unit and the full citation of each value's source (for source lines).
-- Missing years are missing rows: nothing is filled in here or later.
-- Grain: area_id, year.  Parameters: $area_ids (list), $indicator_id
-- Example: {"area_ids": ["0180", "0180-sdo-spanga-tensta"], "indicator_id": "ekonomiskt_bistand_andel_befolkning"}
select
    o.area_id,
    a.name,
    a.level,
    o.indicator_id,
    i.name_sv as indicator_name_sv,
    i.name_en as indicator_name_en,
    i.unit,
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
where o.indicator_id = $indicator_id
  and list_contains($area_ids, o.area_id)
order by a.name, o.area_id, o.year

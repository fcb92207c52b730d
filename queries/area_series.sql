-- The time series of one or more indicators for a set of areas, with source per value.
-- Grain: area_id, indicator_id, year.  Parameters: $area_ids (list), $indicator_id
select
    o.area_id, a.name, a.level, o.indicator_id, i.unit, o.year, o.value,
    o.confidence, o.note, s.source_id, s.title as source_title, s.publisher as source_publisher, s.url as source_url
from observations o
join areas a using (area_id)
join indicators i using (indicator_id)
join sources s using (source_id)
where o.indicator_id = $indicator_id
  and list_contains($area_ids, o.area_id)
order by a.name, o.year

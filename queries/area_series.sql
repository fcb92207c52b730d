-- The time series of one or more indicators for a set of areas, with source per value.
-- Grain: area_id, indicator_id, year.  Parameters: $area_ids (list), $indicator_id
-- Example: {"area_ids": ["0180-sdo-spanga-tensta", "0180"], "indicator_id": "folkmangd"}
select
    o.area_id, a.name, a.level, o.indicator_id, i.unit, o.year, o.value,
    o.confidence, o.note, s.source_id, s.title as source_title, s.publisher as source_publisher, s.url as source_url
from observations o
join areas a using (area_id)
join indicators i using (indicator_id)
join sources s on s.source_id = o.source_id
where o.indicator_id = $indicator_id
  and list_contains($area_ids, o.area_id)
order by a.name, o.year

-- The time series of one indicator for a set of areas, with source per value.
-- Grain: area_id, year.  Parameters: $area_ids (list), $indicator_id
-- Example: {"area_ids": ["0180-sdo-spanga-tensta", "0180"], "indicator_id": "folkmangd"}
select area_id, area_name as name, area_level as level, indicator_id, unit, year, value,
       confidence, note, source_id, source_title, source_publisher, source_year, source_url
from observation_details
where indicator_id = $indicator_id
  and list_contains($area_ids, area_id)
order by name, year

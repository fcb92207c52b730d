-- The time series of one indicator for chosen areas, one row per existing value, with the
-- indicator's names and unit and the full citation of each value's source (for source lines).
-- Missing years are missing rows: nothing is filled in here or later.
-- Grain: area_id, year.  Parameters: $area_ids (list), $indicator_id
-- Example: {"area_ids": ["0180", "0180-sdo-spanga-tensta"], "indicator_id": "ekonomiskt_bistand_andel_befolkning"}
select area_id, area_name as name, area_level as level, indicator_id,
       indicator_name_sv, indicator_name_en, unit, year, value, confidence, note,
       source_id, source_title, source_publisher, source_year, source_url
from observation_details
where indicator_id = $indicator_id
  and list_contains($area_ids, area_id)
order by name, area_id, year

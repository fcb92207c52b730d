-- Every value of one indicator for a set of areas, all years, with unit, confidence and source.
-- Years are not filtered here: the compare page offers only years present in this result.
-- Grain: area_id, year.  Parameters: $indicator_id, $area_ids (list)
-- Example: {"indicator_id": "ekonomiskt_bistand_andel_befolkning", "area_ids": ["0180", "0180-sdo-rinkeby-kista", "SE"]}
select area_id, year, value, unit, confidence, note,
       source_id, source_title, source_publisher, source_year, source_url
from observation_details
where indicator_id = $indicator_id
  and list_contains($area_ids, area_id)
order by area_id, year

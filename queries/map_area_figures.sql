-- Every indicator with a value for one area in one year, with unit, source and confidence (the map's side panel).
-- Grain: indicator_id.  Parameters: $area_id, $year
-- Example: {"area_id": "0180-sdo-rinkeby-kista", "year": 2017}
select indicator_id, indicator_name_sv as name_sv, indicator_name_en as name_en, unit, domain,
       year, value, confidence, note,
       source_id, source_title, source_publisher, source_year, source_url
from observation_details
where area_id = $area_id and year = $year::integer
order by domain, name_sv

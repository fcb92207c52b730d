-- Published index values to show beside the computed index: the given indicators (e.g. Stockholm's
-- social_risk_index, Malmö's valfardsindex) for a municipality and every area whose code starts
-- with its code (boroughs, districts), with the full citation and confidence of each value.
-- Grain: area_id, indicator_id, year.
-- Parameters: $indicator_ids (list), $municipality_id
-- Example: {"indicator_ids": ["social_risk_index"], "municipality_id": "0180"}
select area_id, area_name, area_level, indicator_id, indicator_name_sv, indicator_name_en, unit,
       year, value, confidence, note, source_id, source_title, source_publisher, source_year, source_url
from observation_details
where list_contains($indicator_ids, indicator_id)
  and (area_id = $municipality_id or starts_with(area_id, $municipality_id || '-'))
order by indicator_id, year, area_name

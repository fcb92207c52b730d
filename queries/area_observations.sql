-- Every observation of a set of areas (the profiled area, the other areas of its level, its parent
-- and the country), each with its indicator, unit, direction, confidence and source.
-- Grain: area_id, indicator_id, year, source_id.  Parameters: $area_ids (list)
-- Example: {"area_ids": ["0180-sdo-spanga-tensta", "0180", "SE"]}
select
    o.area_id, o.area_name, o.area_level, o.indicator_id, o.indicator_name_sv, o.indicator_name_en,
    o.unit, i.higher_is_better, o.year, o.value, o.confidence, o.note,
    o.source_id, o.source_title, o.source_publisher, o.source_year, o.source_url
from observation_details o
join indicators i using (indicator_id)
where list_contains($area_ids, o.area_id)
order by o.indicator_id, o.area_id, o.year

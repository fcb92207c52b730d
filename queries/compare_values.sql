-- Every value of one indicator for a set of areas, all years, with unit, confidence and source.
-- Years are not filtered here: the compare page offers only years present in this result.
-- Grain: area_id, year.  Parameters: $indicator_id, $area_ids (list)
-- Example: {"indicator_id": "ekonomiskt_bistand_andel_befolkning", "area_ids": ["0180", "0180-sdo-rinkeby-kista", "SE"]}
select
    o.area_id,
    o.year,
    o.value,
    i.unit,
    o.confidence,
    o.note,
    s.source_id,
    s.title as source_title,
    s.publisher as source_publisher,
    s.year as source_year,
    s.url as source_url
from observations o
join indicators i using (indicator_id)
join sources s on s.source_id = o.source_id
where o.indicator_id = $indicator_id
  and list_contains($area_ids, o.area_id)
order by o.area_id, o.year

-- Every indicator with a value for one area in one year, with unit, source and confidence (the map's side panel).
-- Grain: indicator_id.  Parameters: $area_id, $year
-- Example: {"area_id": "0180-sdo-rinkeby-kista", "year": 2017}
select
    o.indicator_id,
    i.name_sv,
    i.name_en,
    i.unit,
    i.domain,
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
join indicators i using (indicator_id)
join sources s on s.source_id = o.source_id
where o.area_id = $area_id and o.year = $year::integer
order by i.domain, i.name_sv

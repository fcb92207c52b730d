-- One row per area of a level for one indicator and year, with unit, source and confidence.
-- Areas without a value for that year are included with value NULL so a map or table can
-- show them as "no data" instead of dropping them.
-- Grain: area_id.  Parameters: $indicator_id, $year, $level
-- Example: {"indicator_id": "folkmangd", "year": 2011, "level": "borough"}
select
    a.area_id,
    a.name,
    a.level,
    a.parent_id,
    a.lat,
    a.lon,
    o.value,
    i.unit,
    $year::integer as year,
    o.confidence,
    o.note,
    s.source_id,
    s.title as source_title,
    s.publisher as source_publisher,
    s.url as source_url
from areas a
cross join (select * from indicators where indicator_id = $indicator_id) i
left join observations o
    on o.area_id = a.area_id and o.indicator_id = i.indicator_id and o.year = $year
left join sources s on s.source_id = o.source_id
where a.level = $level
  and (a.valid_from is null or a.valid_from <= make_date($year::integer, 12, 31))
  and (a.valid_to is null or a.valid_to >= make_date($year::integer, 1, 1))
order by a.name

-- One row per requested area for one indicator and year (value NULL where there is none), with unit,
-- source and confidence, so the map shows areas without a value as "no data" instead of dropping them.
-- Grain: area_id.  Parameters: $indicator_id, $year, $area_ids (list)
-- Example: {"indicator_id": "ekonomiskt_bistand_andel_befolkning", "year": 2017, "area_ids": ["0180-sdo-rinkeby-kista", "0180-sdo-bromma"]}
with wanted as (select unnest($area_ids) as area_id)
select
    w.area_id,
    a.name,
    o.value,
    i.unit,
    $year::integer as year,
    o.confidence,
    o.note,
    s.source_id,
    s.title as source_title,
    s.publisher as source_publisher,
    s.year as source_year,
    s.url as source_url
from wanted w
left join areas a on a.area_id = w.area_id
cross join (select * from indicators where indicator_id = $indicator_id) i
left join observations o
    on o.area_id = w.area_id and o.indicator_id = i.indicator_id and o.year = $year::integer
left join sources s on s.source_id = o.source_id
order by a.name

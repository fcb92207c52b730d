-- Indicators with at least one value for a set of areas (one map geography), with the years that have values.
-- Grain: indicator_id.  Parameters: $area_ids (list)
-- Example: {"area_ids": ["0180-sdo-rinkeby-kista", "0180-sdo-bromma"]}
select
    i.indicator_id,
    i.name_sv,
    i.name_en,
    i.unit,
    i.higher_is_better,
    i.domain,
    count(*) as n_values,
    list(distinct o.year order by o.year) as years
from observations o
join indicators i using (indicator_id)
where list_contains($area_ids, o.area_id)
group by all
order by i.domain, i.name_sv

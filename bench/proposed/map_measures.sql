-- Indicators with at least one value for a set of areas (one map geography), with the years that have values.
-- Grain: indicator_id.  Parameters: $area_ids (list)
-- Example: {"area_ids": ["0180-sdo-rinkeby-kista", "0180-sdo-bromma"]}
-- Reads the pre-aggregated indicator_area_summary (queries/models); the areas are a semi-join
-- (list_contains tested every observation against the whole list: seconds for 6 000 areas).
select
    i.indicator_id,
    i.name_sv,
    i.name_en,
    i.unit,
    i.higher_is_better,
    i.domain,
    sum(s.n_rows)::bigint as n_values,
    list_filter(range(1980, 2036), y -> ((bit_or(s.year_mask) >> (y - 1980)::ubigint) & 1::ubigint) = 1::ubigint)
        as years
from indicator_area_summary s
join indicators i using (indicator_id)
where s.area_id in (select unnest($area_ids))
group by all
order by i.domain, i.name_sv

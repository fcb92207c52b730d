-- Areas that have at least one value of an indicator, for the trends page's area picker.
-- Grain: area_id.  Parameters: $indicator_id
-- Example: {"indicator_id": "folkmangd"}
select
    a.area_id,
    a.name,
    a.level,
    count(*) as n_values,
    min(o.year) as first_year,
    max(o.year) as last_year
from observations o
join areas a on a.area_id = o.area_id
where o.indicator_id = $indicator_id
group by a.area_id, a.name, a.level
order by
    case a.level when 'country' then 0 when 'municipality' then 1 when 'area_group' then 2
                 when 'borough' then 3 when 'urban_district' then 4 else 5 end,
    a.name

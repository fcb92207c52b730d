-- Every indicator with the years and area levels it has data for.
-- Grain: indicator_id.  Parameters: none
-- Example: {}
select
    i.indicator_id,
    i.name_sv,
    i.name_en,
    i.unit,
    i.higher_is_better,
    i.definition,
    i.domain,
    count(o.value) as n_values,
    min(o.year) as first_year,
    max(o.year) as last_year,
    list(distinct o.year order by o.year) filter (where o.year is not null) as years,
    list(distinct a.level order by a.level) filter (where a.level is not null) as levels
from indicators i
left join observations o using (indicator_id)
left join areas a using (area_id)
group by all
order by i.domain, i.name_sv

-- Every indicator with the years and area levels it has data for.
-- Grain: indicator_id.  Parameters: none
-- Example: {}
-- Reads the pre-aggregated indicator_year_summary (queries/models), not every observation.
select
    i.indicator_id,
    i.name_sv,
    i.name_en,
    i.unit,
    i.higher_is_better,
    i.definition,
    i.domain,
    coalesce(sum(s.n_values), 0)::bigint as n_values,
    min(s.year) as first_year,
    max(s.year) as last_year,
    list(distinct s.year order by s.year) filter (where s.year is not null) as years,
    list(distinct s.area_level order by s.area_level) filter (where s.area_level is not null) as levels
from indicators i
left join indicator_year_summary s using (indicator_id)
group by all
order by i.domain, i.name_sv

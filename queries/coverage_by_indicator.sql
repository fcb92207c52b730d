-- Coverage per indicator and area level: how many areas and years have a value, the first and
-- last year, how many values are low-confidence, and the sources (publisher and year) they cite.
-- Indicators without any value keep one row with empty counts (a gap, not a zero).
-- Grain: indicator_id, area_level.  Parameters: none
-- Example: {}
-- Reads the pre-aggregated indicator_year_summary and indicator_area_summary (queries/models).
with per_level as (
    select indicator_id, area_level,
           count(distinct year) filter (where n_values > 0) as n_years,
           min(year) as first_year,
           max(year) as last_year,
           sum(n_values)::bigint as n_values,
           sum(n_low)::bigint as n_low
    from indicator_year_summary
    group by all
),
areas_per_level as (
    select indicator_id, area_level, count(*) filter (where n_values > 0) as n_areas
    from indicator_area_summary
    group by all
),
sources_per_level as (
    select indicator_id, area_level, string_agg(label, '; ' order by label) as sources
    from (
        select distinct y.indicator_id, y.area_level, s.publisher || coalesce(' (' || s.year || ')', '') as label
        from indicator_year_summary y
        join sources s on s.source_id = y.source_id
    )
    group by all
)
select
    i.indicator_id,
    i.name_sv,
    i.name_en,
    i.domain,
    i.unit,
    p.area_level,
    coalesce(a.n_areas, 0) as n_areas,
    coalesce(p.n_years, 0) as n_years,
    p.first_year,
    p.last_year,
    coalesce(p.n_values, 0) as n_values,
    coalesce(p.n_low, 0) as n_low,
    s.sources
from indicators i
left join per_level p on p.indicator_id = i.indicator_id
left join areas_per_level a on a.indicator_id = p.indicator_id and a.area_level is not distinct from p.area_level
left join sources_per_level s on s.indicator_id = p.indicator_id and s.area_level is not distinct from p.area_level
order by
    case i.domain when 'befolkning' then 1 when 'arbete' then 2 when 'forsorjning' then 3
                  when 'utbildning' then 4 when 'ekonomi' then 5 else 6 end,
    i.name_sv,
    case p.area_level when 'country' then 1 when 'municipality' then 2 when 'area_group' then 3
                 when 'borough' then 4 when 'district' then 5 when 'urban_district' then 6 else 7 end

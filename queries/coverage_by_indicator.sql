-- Coverage per indicator and area level: how many areas and years have a value, the first and
-- last year, how many values are low-confidence, and the sources (publisher and year) they cite.
-- Indicators without any value keep one row with empty counts (a gap, not a zero).
-- Grain: indicator_id, area_level.  Parameters: none
-- Example: {}
select
    i.indicator_id,
    i.name_sv,
    i.name_en,
    i.domain,
    i.unit,
    a.level as area_level,
    count(distinct o.area_id) filter (where o.value is not null) as n_areas,
    count(distinct o.year) filter (where o.value is not null) as n_years,
    min(o.year) as first_year,
    max(o.year) as last_year,
    count(o.value) as n_values,
    count(*) filter (where o.confidence = 'low') as n_low,
    string_agg(distinct s.publisher || coalesce(' (' || s.year || ')', ''), '; ' order by s.publisher || coalesce(' (' || s.year || ')', ''))
        as sources
from indicators i
left join observations o on o.indicator_id = i.indicator_id
left join areas a on a.area_id = o.area_id
left join sources s on s.source_id = o.source_id
group by i.indicator_id, i.name_sv, i.name_en, i.domain, i.unit, a.level
order by
    case i.domain when 'befolkning' then 1 when 'arbete' then 2 when 'forsorjning' then 3
                  when 'utbildning' then 4 when 'ekonomi' then 5 else 6 end,
    i.name_sv,
    case a.level when 'country' then 1 when 'municipality' then 2 when 'area_group' then 3
                 when 'borough' then 4 when 'district' then 5 when 'urban_district' then 6 else 7 end

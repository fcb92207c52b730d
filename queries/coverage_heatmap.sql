-- Coverage grid for the heat-map: every indicator × every year from the first to the last year
-- with any value, and the number of areas with a value in that cell. Cells without a value keep
-- n_areas empty (a gap shown as a gap). $level narrows to one area level; 'all' counts every level.
-- Grain: indicator_id, year.  Parameters: $level
-- Example: {"level": "all"}
-- Reads the pre-aggregated indicator_year_summary (queries/models): one row per area, indicator and
-- year (the key), so its counts are counts of areas.
with span as (
    select min(year) as first_year, max(year) as last_year from indicator_year_summary
),
cells as (
    select indicator_id, year,
           sum(n_values)::bigint as n_areas,
           sum(n_low) filter (where n_values > 0)::bigint as n_low,
           string_agg(distinct area_level, ', ' order by area_level) as levels
    from indicator_year_summary
    where n_values > 0 and area_level is not null and ($level = 'all' or area_level = $level)
    group by all
)
select
    i.indicator_id,
    i.name_sv,
    i.name_en,
    i.domain,
    y.year,
    c.n_areas,
    c.n_low,
    c.levels
from indicators i
cross join span
cross join generate_series(span.first_year, span.last_year) as y(year)
left join cells c on c.indicator_id = i.indicator_id and c.year = y.year
order by
    case i.domain when 'befolkning' then 1 when 'arbete' then 2 when 'forsorjning' then 3
                  when 'utbildning' then 4 when 'ekonomi' then 5 else 6 end,
    i.name_sv,
    y.year

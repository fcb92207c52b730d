-- Coverage grid for the heat-map: every indicator × every year from the first to the last year
-- with any value, and the number of areas with a value in that cell. Cells without a value keep
-- n_areas empty (a gap shown as a gap). $level narrows to one area level; 'all' counts every level.
-- Grain: indicator_id, year.  Parameters: $level
-- Example: {"level": "all"}
with obs as (
    select o.indicator_id, o.year, o.area_id, o.confidence, a.level
    from observations o
    join areas a using (area_id)
    where o.value is not null and ($level = 'all' or a.level = $level)
),
span as (
    select min(year) as first_year, max(year) as last_year from observations
),
cells as (
    select indicator_id, year,
           count(distinct area_id) as n_areas,
           count(*) filter (where confidence = 'low') as n_low,
           string_agg(distinct level, ', ' order by level) as levels
    from obs
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

-- Indicators that could enter a risk index for the areas of one level under one parent: each with
-- its direction, unit and domain, the years the areas have values, and the years the reference area
-- has a value too (only those years can be used). The page's editor and validation read this.
-- Grain: indicator_id.
-- Parameters: $level, $parent_id, $reference_area_id
-- Example: {"level": "borough", "parent_id": "1280", "reference_area_id": "1280"}
with area_values as (
    select o.indicator_id, o.year, count(*) as n_areas
    from observations o
    join areas a on a.area_id = o.area_id
    where a.level = $level and a.parent_id = $parent_id
    group by all
),
reference_values as (
    select indicator_id, year from observations where area_id = $reference_area_id
)
select
    i.indicator_id,
    i.name_sv,
    i.name_en,
    i.unit,
    i.higher_is_better,
    i.domain,
    i.definition,
    max(v.n_areas) as max_areas,
    list(distinct v.year order by v.year) as years,
    list(distinct v.year order by v.year) filter (where r.year is not null) as years_with_reference
from area_values v
join indicators i on i.indicator_id = v.indicator_id
left join reference_values r on r.indicator_id = v.indicator_id and r.year = v.year
group by all
order by i.domain, i.name_sv

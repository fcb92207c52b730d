-- The programme's prioritised stadsdelsnämnder and the stadsdelar it names as above the city's average
-- social-risk index, one row per area and kind, with the source (the map's overlay).
-- Grain: area_id, kind.  Parameters: none
-- Example: {}
select
    p.area_id,
    any_value(p.area_name) as area_name,
    p.kind,
    string_agg(distinct p.section, ', ' order by p.section) as sections,
    any_value(s.source_id) as source_id,
    any_value(s.title) as source_title,
    any_value(s.publisher) as source_publisher,
    any_value(s.year) as source_year
from priority_areas p
join sources s on s.source_id = p.source_id
group by p.area_id, p.kind
order by p.kind, area_name

-- How the programme names one area: one row per kind and section, with the name as printed, the
-- programme's own words (note) and the source.
-- Grain: kind, section.  Parameters: $area_id
-- Example: {"area_id": "0180-sdo-spanga-tensta"}
select
    p.area_id, p.kind, p.section, p.name_as_printed, p.note,
    s.source_id, s.title as source_title, s.publisher as source_publisher, s.year as source_year
from priority_areas p
join sources s on s.source_id = p.source_id
where p.area_id = $area_id
order by p.kind, p.section

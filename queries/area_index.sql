-- Every area with its level, parent, validity period and centre point, for the area profile's
-- search box, header, ranks (areas of the same level) and locator map.
-- Grain: area_id.  Parameters: none
-- Example: {}
select
    a.area_id, a.name, a.level, a.parent_id, p.name as parent_name, p.level as parent_level,
    a.valid_from, a.valid_to, a.lat, a.lon,
    s.source_id, s.title as source_title, s.publisher as source_publisher, s.year as source_year
from areas a
left join areas p on p.area_id = a.parent_id
join sources s on s.source_id = a.source_id
order by a.name, a.level, a.area_id

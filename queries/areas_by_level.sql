-- Areas of one level with their parent's name and validity.
-- Grain: area_id.  Parameters: $level
-- Example: {"level": "municipality"}
select a.area_id, a.name, a.level, a.parent_id, p.name as parent_name,
       a.valid_from, a.valid_to, a.lat, a.lon
from areas a
left join areas p on p.area_id = a.parent_id
where a.level = $level
order by a.name

-- Every area with its level and parent, for matching the areas named in an imported file.
-- Grain: area_id.  Parameters: none
-- Example: {}
select a.area_id, a.name, a.level, a.parent_id, p.name as parent_name, a.valid_from, a.valid_to
from areas a
left join areas p on p.area_id = a.parent_id
order by a.area_id

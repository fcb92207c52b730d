-- Names of given areas (also those without any value), so a page can say which chosen
-- areas have no data instead of silently dropping them.
-- Grain: area_id.  Parameters: $area_ids (list)
-- Example: {"area_ids": ["0180", "u15-tensta"]}
select a.area_id, a.name, a.level
from areas a
where a.area_id in (select unnest($area_ids))
order by a.name

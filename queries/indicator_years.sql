-- Years with at least one value of an indicator at a level.
-- Grain: year.  Parameters: $indicator_id, $level
-- Example: {"indicator_id": "folkmangd", "level": "borough"}
select o.year, count(*) as n_areas
from observations o
join areas a using (area_id)
where o.indicator_id = $indicator_id and a.level = $level
group by o.year
order by o.year

-- The areas a risk-index preset ranks (one level under one parent) and its reference area, with
-- validity dates, so the page can name every area and show those without an index as gaps.
-- Grain: area_id.
-- Parameters: $level, $parent_id, $reference_area_id
-- Example: {"level": "borough", "parent_id": "0180", "reference_area_id": "0180"}
select area_id, name, level, parent_id, valid_from, valid_to,
       area_id = $reference_area_id as is_reference
from areas
where (level = $level and parent_id = $parent_id) or area_id = $reference_area_id
order by is_reference desc, name

-- Inputs of a risk-index preset: every value of its indicators for the areas it ranks (one level
-- under one parent) and for its reference area, with direction, unit and the full citation of each
-- value. The index is computed from these rows by sammanhallen.risk_index.model.compute; missing rows are
-- gaps (nothing is filled in).
-- Grain: area_id, indicator_id, year.
-- Parameters: $indicator_ids (list), $level, $parent_id, $reference_area_id
-- Example: {"indicator_ids": ["ekonomiskt_bistand_andel_befolkning", "ekonomiskt_bistand_andel_barn"], "level": "borough", "parent_id": "0180", "reference_area_id": "0180"}
select
    d.area_id,
    d.area_name,
    d.area_id = $reference_area_id as is_reference,
    d.indicator_id,
    d.indicator_name_sv,
    d.indicator_name_en,
    d.unit,
    i.higher_is_better,
    d.year,
    d.value,
    d.confidence,
    d.note,
    d.source_id,
    d.source_title,
    d.source_publisher,
    d.source_year,
    d.source_url
from observation_details d
join indicators i on i.indicator_id = d.indicator_id
where list_contains($indicator_ids, d.indicator_id)
  and ((d.area_level = $level and d.parent_id = $parent_id) or d.area_id = $reference_area_id)
order by d.indicator_id, d.year, is_reference desc, d.area_name

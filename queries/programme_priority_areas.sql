-- The six prioritised stadsdelsnämnder and the stadsdelar named above the city's average social-risk
-- index, one row per area and section of the programme, with the spelling printed in that section.
-- Grain: area_id, kind, section.  Parameters: $source_id
-- Example: {"source_id": "sthlm_program_2015_2020"}
select
    p.area_id, p.area_name, p.kind, p.name_as_printed, p.section, p.note,
    s.source_id, s.title as source_title, s.publisher as source_publisher, s.year as source_year
from (select *, row_number() over () as document_order from priority_areas) p  -- rowid is absent on Parquet views
join sources s on s.source_id = p.source_id
where p.source_id = $source_id
order by p.section, p.kind, p.document_order

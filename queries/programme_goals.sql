-- The programme's target areas, numbered goals, "målet innebär även att" items and passages,
-- in the document's order, with the source.
-- Grain: goal_id.  Parameters: none
-- Example: {}
select
    g.goal_id, g.target_area_no, g.target_area_sv, g.target_area_en, g.goal_no, g.parent_goal_id,
    g.kind, g.text_sv, g.text_en, g.follow_up_by, g.heading, g.sort_order,
    s.source_id, s.title as source_title, s.publisher as source_publisher, s.year as source_year
from goals g
join sources s on s.source_id = 'sthlm_program_2015_2020'
order by g.sort_order

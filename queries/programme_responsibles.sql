-- Every committee, company or office named as responsible for a goal, in the order printed
-- (position 1 = the first named = main responsible), with the goal's place in the document.
-- Grain: goal_id, position.  Parameters: none
-- Example: {}
select
    r.goal_id, r.position, r.body, r.body_kind, r.is_main,
    g.target_area_no, g.goal_no, g.kind, g.heading, g.sort_order
from goal_responsibles r
join goals g using (goal_id)
order by g.sort_order, r.position

-- Indicators in the data that measure a goal (goal_indicators), with the indicator's names and the
-- years and number of values it has. Goals without a row have no indicator in the data yet.
-- Grain: goal_id, indicator_id.  Parameters: none
-- Example: {}
select
    gi.goal_id, gi.indicator_id, gi.note, i.name_sv, i.name_en, i.unit,
    count(o.value) as n_values, min(o.year) as first_year, max(o.year) as last_year
from goal_indicators gi
join indicators i using (indicator_id)
left join observations o using (indicator_id)
group by all
order by gi.goal_id, gi.indicator_id

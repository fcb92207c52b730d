-- Stimulus funds per map area and payment year (a municipality sums its districts), with the population
-- of the same area in the same year where one exists (for funds per inhabitant; none is estimated).
-- Grain: area_id, year.  Parameters: $area_ids (list), $programme
-- Example: {"area_ids": ["u15-tensta", "0180"], "programme": "urban15_stimulus"}
with wanted as (select unnest($area_ids) as area_id),
paid as (
    select w.area_id, f.year, sum(f.amount_sek) as amount_sek, count(*) as n_payments,
           string_agg(distinct f.payment, ', ' order by f.payment) as payments, any_value(f.source_id) as source_id,
           string_agg(distinct d.name, ', ' order by d.name) as districts
    from wanted w
    join areas d on d.area_id = w.area_id or d.parent_id = w.area_id
    join funds f on f.area_id = d.area_id and d.level = 'urban_district'
    where f.programme = $programme
    group by w.area_id, f.year
)
select
    p.area_id,
    a.name,
    p.year,
    p.amount_sek,
    p.payments,
    p.districts,
    'high' as confidence,
    s.source_id,
    s.title as source_title,
    s.publisher as source_publisher,
    s.year as source_year,
    s.url as source_url,
    pop.value as population,
    pop.confidence as population_confidence,
    ps.title as population_source_title
from paid p
join areas a on a.area_id = p.area_id
join sources s on s.source_id = p.source_id
left join observations pop
    on pop.area_id = p.area_id and pop.indicator_id = 'folkmangd' and pop.year = p.year
left join sources ps on ps.source_id = pop.source_id
order by a.name, p.year

-- Stimulus funds per map area and payment year (a municipality sums its districts: model funds_by_area), with the population
-- of the same area in the same year where one exists (for funds per inhabitant; none is estimated).
-- Grain: area_id, year.  Parameters: $area_ids (list), $programme
-- Example: {"area_ids": ["u15-tensta", "0180"], "programme": "urban15_stimulus"}
with paid as (
    select area_id, year, sum(amount_sek) as amount_sek, sum(n_districts) as n_payments,
           string_agg(distinct payment, ', ' order by payment) as payments, any_value(source_id) as source_id,
           string_agg(distinct districts, ', ' order by districts) as districts
    from funds_by_area
    where programme = $programme and list_contains($area_ids, area_id)
    group by area_id, year
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

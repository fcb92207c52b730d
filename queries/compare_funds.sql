-- Stimulus payments for a set of areas in the compare page's value layout (value in kronor).
-- An Urban15 district gets its own payment; a municipality gets the sum of its districts'
-- payments (n_districts says how many), computed from the rows. Areas without a payment are absent.
-- Grain: area_id, year.  Parameters: $area_ids (list), $programme, $payment
-- Example: {"area_ids": ["u15-tensta", "0180", "1480"], "programme": "urban15_stimulus", "payment": "2013-12"}
with paid as (
    select f.*, a.parent_id as municipality_id
    from funds f
    join areas a using (area_id)
    where f.programme = $programme and f.payment = $payment
),
per_area as (
    select area_id, year, amount_sek, 1 as n_districts, source_id, note,
           cast(null as varchar) as summed_districts
    from paid
    where list_contains($area_ids, area_id)
    union all
    select paid.municipality_id as area_id, any_value(paid.year) as year, sum(paid.amount_sek) as amount_sek,
           count(*) as n_districts, any_value(paid.source_id) as source_id,
           cast(null as varchar) as note,
           string_agg(d.name, ', ' order by d.name) as summed_districts
    from paid
    join areas d using (area_id)
    where list_contains($area_ids, paid.municipality_id)
    group by paid.municipality_id
)
select
    p.area_id,
    p.year,
    p.amount_sek::double as value,
    'SEK' as unit,
    cast(null as varchar) as confidence,
    p.note,
    p.n_districts,
    p.summed_districts,
    s.source_id,
    s.title as source_title,
    s.publisher as source_publisher,
    s.year as source_year,
    s.url as source_url
from per_area p
join sources s on s.source_id = p.source_id
order by p.area_id, p.year

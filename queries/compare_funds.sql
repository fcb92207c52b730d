-- Stimulus payments for a set of areas in the compare page's value layout (value in kronor).
-- An Urban15 district gets its own payment; a municipality gets the sum of its districts'
-- payments (n_districts says how many), from the model funds_by_area. Areas without a payment are absent.
-- Grain: area_id, year.  Parameters: $area_ids (list), $programme, $payment
-- Example: {"area_ids": ["u15-tensta", "0180", "1480"], "programme": "urban15_stimulus", "payment": "2013-12"}
with per_area as (
    select area_id, year, amount_sek, n_districts, source_id, note,
           case when summed then districts end as summed_districts
    from funds_by_area
    where programme = $programme and payment = $payment and list_contains($area_ids, area_id)
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

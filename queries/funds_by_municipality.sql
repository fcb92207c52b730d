-- Stimulus payments summed per municipality from the district rows (model funds_by_area).
-- Grain: municipality_id.  Parameters: $programme, $payment
-- Example: {"programme": "urban15_stimulus", "payment": "2013-12"}
select
    m.area_id as municipality_id,
    m.name as municipality,
    fa.n_districts,
    fa.districts,
    fa.amount_sek,
    fa.amount_sek / sum(fa.amount_sek) over () as share,
    fa.year,
    s.title as source_title,
    s.source_id
from funds_by_area fa
join areas m on m.area_id = fa.area_id
join sources s on s.source_id = fa.source_id
where fa.summed and fa.programme = $programme and fa.payment = $payment
order by amount_sek desc, municipality

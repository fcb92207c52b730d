-- Stimulus payments per Urban15 district with municipality and share of the payment's total.
-- Grain: area_id.  Parameters: $programme, $payment
-- Example: {"programme": "urban15_stimulus", "payment": "2013-12"}
with paid as (
    select * from funds where programme = $programme and payment = $payment
)
select
    f.area_id,
    a.name,
    m.area_id as municipality_id,
    m.name as municipality,
    f.year,
    f.payment,
    f.amount_sek,
    f.amount_sek / sum(f.amount_sek) over () as share,
    sum(f.amount_sek) over () as payment_total,
    a.lat,
    a.lon,
    f.note,
    s.source_id,
    s.title as source_title,
    s.publisher as source_publisher,
    s.url as source_url
from paid f
join areas a using (area_id)
join areas m on m.area_id = a.parent_id
join sources s on s.source_id = f.source_id
order by f.amount_sek desc, a.name

-- Stimulus payments summed per municipality from the district rows.
-- Grain: municipality_id.  Parameters: $programme, $payment
-- Example: {"programme": "urban15_stimulus", "payment": "2013-12"}
select
    m.area_id as municipality_id,
    m.name as municipality,
    count(*) as n_districts,
    string_agg(a.name, ', ' order by a.name) as districts,
    sum(f.amount_sek) as amount_sek,
    sum(f.amount_sek) / sum(sum(f.amount_sek)) over () as share,
    any_value(f.year) as year,
    any_value(s.title) as source_title,
    any_value(s.source_id) as source_id
from funds f
join areas a using (area_id)
join areas m on m.area_id = a.parent_id
join sources s on s.source_id = f.source_id
where f.programme = $programme and f.payment = $payment
group by m.area_id, m.name
order by amount_sek desc, municipality

-- The stimulus payments to one area: its own row, or for a municipality (or any parent) the sum of
-- its districts' rows, with the programme's total for the same payment (for the share) and the
-- sources. Areas without a payment have no row.
-- Grain: programme, payment.  Parameters: $area_id
-- Example: {"area_id": "u15-tensta"}
with totals as (
    select programme, payment, sum(amount_sek) as total_sek, count(*) as n_total
    from funds group by programme, payment
)
select
    f.programme, f.payment, any_value(f.year) as year,
    sum(f.amount_sek) as amount_sek,
    count(*) as n_districts,
    bool_or(f.area_id = $area_id) as direct,
    any_value(t.total_sek) as total_sek,
    any_value(t.n_total) as n_total,
    string_agg(distinct s.title, '; ') as source_title,
    string_agg(distinct s.publisher, '; ') as source_publisher,
    max(s.year) as source_year
from funds f
join areas a using (area_id)
join totals t using (programme, payment)
join sources s on s.source_id = f.source_id
where f.area_id = $area_id or a.parent_id = $area_id
group by f.programme, f.payment
order by f.payment

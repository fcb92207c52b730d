-- Stimulus payments per area: each Urban15 district's own payment, and for its municipality the sum
-- of its districts' payments (summed = true, n_districts and districts say which). The one place the
-- district -> municipality roll-up is written; the grant, compare and map queries select from it.
-- Created as a view by the build (python -m sammanhallen.data.build).
-- Grain: area_id, programme, payment.
create or replace view funds_by_area as
with paid as (
    select f.area_id, f.programme, f.payment, f.year, f.amount_sek, f.source_id, f.note,
           d.name as district, d.parent_id as municipality_id
    from funds f
    join areas d on d.area_id = f.area_id and d.level = 'urban_district'
)
select
    area_id, programme, payment, year, amount_sek, source_id, note,
    false as summed,
    1 as n_districts,
    district as districts
from paid
union all
select
    municipality_id as area_id, programme, payment,
    any_value(year) as year,
    sum(amount_sek) as amount_sek,
    any_value(source_id) as source_id,
    cast(null as varchar) as note,
    true as summed,
    count(*) as n_districts,
    string_agg(district, ', ' order by district) as districts
from paid
where municipality_id is not null
group by municipality_id, programme, payment

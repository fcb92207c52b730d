-- Headline figures for the home page, each computed from the rows (never typed in).
-- Grain: one row.  Parameters: $programme, $payment
-- Example: {"programme": "urban15_stimulus", "payment": "2013-12"}
select
    (select sum(amount_sek) from funds where programme = $programme and payment = $payment) as funds_total_sek,
    (select count(distinct area_id) from funds where programme = $programme and payment = $payment) as n_districts,
    (select count(distinct a.parent_id) from funds f join areas a using (area_id)
      where programme = $programme and payment = $payment) as n_municipalities,
    (select any_value(year) from funds where programme = $programme and payment = $payment) as year,
    (select count(*) from priority_areas where kind = 'prioritised_sdn') as n_prioritised_sdn,
    (select count(distinct area_id) from priority_areas where kind = 'above_average_stadsdel') as n_above_average_stadsdelar,
    (select count(*) from indicators) as n_indicators,
    (select count(*) from observations) as n_observations,
    (select count(*) from sources) as n_sources

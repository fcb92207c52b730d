-- For each Urban15 district that has a population figure (indicator folkmangd), the one to use
-- against the payment year: a high- or medium-confidence figure before any low-confidence one,
-- then the year nearest the payment year (ties: the earlier year), with its source and confidence.
-- A low-confidence row is returned only when the district has nothing better; the page shows it
-- with its source but computes no kronor per inhabitant from it.
-- Districts without any population figure have no row: the page states them as gaps.
-- Grain: area_id.  Parameters: $year (the payment year, e.g. 2013)
-- Example: {"year": 2013}
select
    o.area_id,
    o.year as population_year,
    o.value as population,
    o.year - $year::integer as years_from_payment,
    o.confidence as population_confidence,
    o.note as population_note,
    s.source_id as population_source_id,
    s.title as population_source_title,
    s.publisher as population_source_publisher,
    s.year as population_source_year
from observations o
join areas a using (area_id)
join sources s on s.source_id = o.source_id
where o.indicator_id = 'folkmangd' and a.level = 'urban_district'
qualify row_number() over (
    partition by o.area_id order by (o.confidence = 'low'), abs(o.year - $year::integer), o.year
) = 1
order by o.area_id

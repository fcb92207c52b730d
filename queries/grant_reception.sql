-- How each of the nine municipalities received the grant (Boverket 2014:17): one classification per
-- municipality and dimension, with the one-sentence summary and the verbatim passage and heading.
-- Grain: municipality_id, dimension.  Parameters: $source_id
-- Example: {"source_id": "boverket_2014_17"}
select
    r.municipality_id, r.municipality, r.dimension, r.value, r.summary_sv, r.summary_en,
    r.passage, r.heading,
    s.source_id, s.title as source_title, s.publisher as source_publisher, s.year as source_year
from reception r
join sources s on s.source_id = r.source_id
where r.source_id = $source_id
order by r.municipality, r.dimension

-- Statements quoted from one source document (document_facts) with the heading they stand under.
-- Grain: fact_id.  Parameters: $source_id
-- Example: {"source_id": "sthlm_program_2015_2020"}
select
    d.fact_id, d.label_sv, d.label_en, d.value, d.unit, d.heading, d.passage,
    s.source_id, s.title as source_title, s.publisher as source_publisher, s.year as source_year
from document_facts d
join sources s on s.source_id = d.source_id
where d.source_id = $source_id
order by d.fact_id

-- Facts about the Urban15 stimulus grant: the curated programme_facts (budget, totals, selection
-- thresholds, model) and the statements quoted from Boverket 2014:17 (document_facts), in one shape.
-- Grain: fact_id.  Parameters: $document_source_id (the report whose quoted statements to include)
-- Example: {"document_source_id": "boverket_2014_17"}
select
    'programme_facts' as origin, p.fact_id, p.label_sv, p.label_en, p.value, p.unit, p.year,
    p.confidence, p.note as quote, null as heading,
    s.source_id, s.title as source_title, s.publisher as source_publisher, s.year as source_year, s.url as source_url
from programme_facts p
join sources s on s.source_id = p.source_id
union all
select
    'document_facts' as origin, d.fact_id, d.label_sv, d.label_en, d.value, d.unit, null as year,
    'high' as confidence, d.passage as quote, d.heading,
    s.source_id, s.title, s.publisher, s.year, s.url
from document_facts d
join sources s on s.source_id = d.source_id
where d.source_id = $document_source_id
order by origin desc, fact_id

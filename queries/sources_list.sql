-- Every source with how many rows of each table cite it.
-- Grain: source_id.  Parameters: none
-- Example: {}
select
    s.source_id, s.title, s.publisher, s.year, s.url,
    (select count(*) from observations o where o.source_id = s.source_id) as n_observations,
    (select count(*) from funds f where f.source_id = s.source_id) as n_funds,
    (select count(*) from areas a where a.source_id = s.source_id) as n_areas
from sources s
order by s.publisher, s.title

-- Every table and view of the database with its columns, for the SQL console's schema list.
-- Grain: table_name, column_name.  Parameters: none
-- Example: {}
select
    c.table_name,
    c.column_name,
    c.data_type,
    case when t.table_type = 'VIEW' then 'view' else 'table' end as kind
from information_schema.columns c
join information_schema.tables t
    on t.table_catalog = c.table_catalog and t.table_schema = c.table_schema and t.table_name = c.table_name
where c.table_catalog = current_database() and c.table_schema = 'main'
order by kind, c.table_name, c.ordinal_position

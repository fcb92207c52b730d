-- Every area that can be compared, with its quick-pick group, parent, municipality and validity.
-- The group decides the quick-pick buttons on the compare page; municipality_id is the SCB code
-- of the municipality the area lies in (the area itself for a municipality), used for reference lines.
-- Grain: area_id.  Parameters: none
-- Example: {}
select
    a.area_id,
    a.name,
    a.level,
    a.parent_id,
    p.name as parent_name,
    case
        when a.level = 'country' then 'country'
        when a.level = 'municipality' then 'municipalities'
        when a.level = 'urban_district' then 'urban15'
        when a.area_id like '0180-sdo-%' then 'sthlm_sdo'
        when a.area_id like '0180-sd-%' then 'sthlm_sd'
        when a.area_id like '1280-sd-%' then 'malmo_sd'
        when a.area_id like '1480-po-%' then 'gbg_po'
        when a.area_id like '1480-sdn-%' then 'gbg_sdn'
        else 'groups'
    end as area_group,
    case
        when a.level = 'municipality' then a.area_id
        when p.level = 'municipality' then p.area_id
        when gp.level = 'municipality' then gp.area_id
    end as municipality_id,
    a.valid_from,
    a.valid_to
from areas a
left join areas p on p.area_id = a.parent_id
left join areas gp on gp.area_id = p.parent_id
order by
    case a.level when 'country' then 0 when 'municipality' then 1 when 'urban_district' then 2
                 when 'area_group' then 3 when 'borough' then 4 else 5 end,
    a.name

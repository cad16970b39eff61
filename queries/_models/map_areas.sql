-- Returns the areas a map shows around the user's home organisation: the municipalities (of one county, or all
-- 290), or, when the home is a region, the 21 regions (the county is then ignored).
-- Grain: a table macro, one row per area.
-- Parameters: areas_table (name of the areas table: bound when called, as the table is made after the models),
-- county_id (varchar or null: a county's 2-digit code, null for all), home_id (varchar or null: the
-- user's municipality or region).
create or replace macro map_areas(areas_table, county_id, home_id) as table
with home as (
    select coalesce(max(kind) filter (where kind = 'region'), 'municipality') as kind
    from query_table(areas_table)
    where area_id = home_id
)

select area_id, name, region_id
from query_table(areas_table)
where kind = (select kind from home)
  and (county_id is null or region_id = county_id or kind = 'region')

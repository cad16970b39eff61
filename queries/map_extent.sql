-- Returns the range of one indicator's values, gaps and women's shares over all years, on the areas a map shows
-- (queries/_models/map_areas.sql), so that the map keeps one colour scale for every year: a paler year has
-- smaller gaps, not a rescaled legend (and another year changes only the map's data).
-- Grain: one row (all nulls when the indicator has no values there).
-- Parameters:
--   $indicator_id (varchar)
--   $region_id (varchar or null): a county's 2-digit code; null for all municipalities
--   $municipality_id (varchar or null): the user's municipality or region (a region's map shows the regions)
-- Gap = women - men (queries/_models/gap.sql); women_share as in map_values (for counts).
with observed as (
    select
        area_id,
        year,
        max(value) filter (where sex = 'women') as women,
        max(value) filter (where sex = 'men') as men
    from "values"
    where indicator_id = $indicator_id
      and sex in ('women', 'men')
      and area_id in (select area_id from map_areas('areas', $region_id, $municipality_id))
    group by area_id, year
)

select
    least(min(women), min(men)) as value_low,
    greatest(max(women), max(men)) as value_high,
    min(gap(women, men)) as gap_low,
    max(gap(women, men)) as gap_high,
    min(women_share(women, men)) as share_low,
    max(women_share(women, men)) as share_high,
    min(year) as first_year,
    max(year) as last_year
from observed

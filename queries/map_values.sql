-- Returns women's and men's values, the gap and the ratio per municipality for one indicator and year,
-- for all municipalities or those of one county, to colour a map.
-- Grain: one row per municipality.
-- Parameters:
--   $indicator_id (varchar)
--   $year (integer)
--   $region_id (varchar or null): a county's 2-digit code; null gives all 290 municipalities
--   $municipality_id (varchar or null): the user's municipality, flagged in is_chosen; when it is a region, the
--     rows are the 21 regions instead (one per region, $region_id ignored), so a region's map colours regions
-- Gap = women - men in the indicator's unit (percentage points for percent); ratio = women / men, null when men is 0
-- (both defined once in queries/_models/gap.sql and ratio.sql).
-- Municipalities with no value for either sex are kept with nulls so the map can show them as missing.
-- women_share = 100 * women / (women + men), for counts (unit 'count') only: a count's gap mostly measures the
-- size of the municipality, so the map colours counts by the women's share instead (null for other units,
-- where a share of two rates means nothing).
with shown_municipalities as (
    select * from map_areas('areas', $region_id, $municipality_id)
),

observed as (
    select
        area_id,
        max(value) filter (where sex = 'women') as women,
        max(value) filter (where sex = 'men') as men,
        max(status) filter (where sex = 'women') as women_status,
        max(status) filter (where sex = 'men') as men_status
    from "values"
    where indicator_id = $indicator_id
      and year = $year
      and sex in ('women', 'men')
    group by area_id
),

final as (
    select
        m.area_id,
        m.name as area_name,
        m.region_id,
        $year::integer as year,
        o.women,
        o.men,
        gap(o.women, o.men) as gap,
        ratio(o.women, o.men) as ratio,
        case when i.unit = 'count' then women_share(o.women, o.men) end
            as women_share,
        o.women_status,
        o.men_status,
        coalesce(m.area_id = $municipality_id, false) as is_chosen
    from shown_municipalities m
    left join observed o using (area_id)
    left join indicators i on i.indicator_id = $indicator_id
)

select * from final
order by area_name, area_id

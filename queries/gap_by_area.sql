-- Returns women's and men's values, the gap and the ratio for one indicator and year,
-- for a set of municipalities plus Sweden (Riket) and the chosen municipality's region.
-- Grain: one row per area.
-- Parameters:
--   $indicator_id (varchar)
--   $year (integer)
--   $municipality_id (varchar or null): the user's municipality; null gives the national view
--   $scope (varchar): 'all' municipalities, 'region' (the municipality's county) or 'group' (its kommungrupp)
-- Gap = women - men in the indicator's unit (percentage points for percent); ratio = women / men.
-- Areas with no value for either sex are kept with nulls so the chart can say they are missing.
with chosen as (
    select area_id, region_id, municipality_group_id
    from areas
    where area_id = $municipality_id and kind = 'municipality'
),

scoped_areas as (
    select a.area_id
    from areas a
    where a.kind = 'municipality'
      and (
          $scope = 'all'
          -- without a chosen municipality there is no county or group to narrow to
          or (select count(*) from chosen) = 0
          or ($scope = 'region' and a.region_id = (select region_id from chosen))
          or ($scope = 'group' and a.municipality_group_id = (select municipality_group_id from chosen))
      )
    union
    select '0000'
    union
    select region_id from chosen
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
        s.area_id,
        a.name as area_name,
        a.kind,
        $year::integer as year,
        o.women,
        o.men,
        o.women - o.men as gap,
        case when o.men <> 0 then o.women / o.men end as ratio,
        o.women_status,
        o.men_status,
        coalesce(s.area_id = $municipality_id, false) as is_chosen,
        coalesce(s.area_id = (select region_id from chosen), false) as is_region,
        s.area_id = '0000' as is_country
    from scoped_areas s
    join areas a using (area_id)
    left join observed o using (area_id)
)

select * from final
order by gap desc nulls last, area_name

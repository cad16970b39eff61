-- Returns women's and men's values, the gap and the ratio for one indicator and year, for a peer set of
-- municipalities plus the chosen municipality, its region and Sweden (Riket), and one row for the peer mean.
-- Grain: one row per area, plus one row with area_id 'peers' and kind 'peer_mean'.
-- Parameters:
--   $indicator_id (varchar)
--   $year (integer)
--   $municipality_id (varchar or null): the user's municipality; null gives the national view
--   $peer_ids (varchar[]): the municipalities to compare with; an empty list means all municipalities
-- Gap = women - men in the indicator's unit (percentage points for percent); ratio = women / men.
-- Areas with no value for either sex are kept with nulls so the chart can say they are missing.
-- Peer mean: unweighted mean over the peers (not the chosen municipality) that have both values.
with chosen as (
    select area_id, region_id
    from areas
    where area_id = $municipality_id and kind = 'municipality'
),

scoped_areas as (
    select area_id
    from areas
    where kind = 'municipality'
      and (len($peer_ids) = 0 or list_contains($peer_ids, area_id))
    union
    select area_id from chosen
    union
    select region_id from chosen
    union
    select '0000'
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

peer_mean as (
    select
        'peers' as area_id,
        avg(o.women) as women,
        avg(o.men) as men,
        count(*) as n_areas
    from observed o
    join areas a using (area_id)
    where a.kind = 'municipality'
      and (len($peer_ids) = 0 or list_contains($peer_ids, o.area_id))
      and o.area_id is distinct from $municipality_id
      and o.women is not null and o.men is not null
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
        s.area_id = '0000' as is_country,
        false as is_peer_mean
    from scoped_areas s
    join areas a using (area_id)
    left join observed o using (area_id)
    union all
    select
        'peers', null, 'peer_mean', $year::integer, women, men, women - men,
        case when men <> 0 then women / men end,
        null, null, false, false, false, true
    from peer_mean
    where n_areas > 0
)

select * from final
order by gap desc nulls last, area_name

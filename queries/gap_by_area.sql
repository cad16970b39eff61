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

listed as (
    select
        a.area_id,
        a.name as area_name,
        a.kind,
        coalesce(a.area_id = c.area_id, false) as is_chosen,
        coalesce(a.area_id = c.region_id, false) as is_region,
        a.area_id = '0000' as is_country,
        a.kind = 'municipality' and (len($peer_ids) = 0 or list_contains($peer_ids, a.area_id))
            and a.area_id is distinct from c.area_id as is_peer
    from areas a
    left join chosen c on true
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

shown as (
    select
        l.area_id,
        l.area_name,
        l.kind,
        $year::integer as year,
        o.women,
        o.men,
        o.women - o.men as gap,
        case when o.men <> 0 then o.women / o.men end as ratio,
        o.women_status,
        o.men_status,
        l.is_chosen,
        l.is_region,
        l.is_country,
        false as is_peer_mean,
        l.is_peer
    from listed l
    left join observed o using (area_id)
    where l.is_peer or l.is_chosen or l.is_region or l.is_country
),

peer_mean as (
    select
        'peers' as area_id,
        null as area_name,
        'peer_mean' as kind,
        $year::integer as year,
        avg(women) as women,
        avg(men) as men,
        avg(women) - avg(men) as gap,
        case when avg(men) <> 0 then avg(women) / avg(men) end as ratio,
        null as women_status,
        null as men_status,
        false as is_chosen,
        false as is_region,
        false as is_country,
        true as is_peer_mean
    from shown
    where is_peer and women is not null and men is not null
    having count(*) > 0
),

final as (
    select * exclude (is_peer) from shown
    union all
    select * from peer_mean
)

select * from final
order by gap desc nulls last, area_name

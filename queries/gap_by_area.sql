-- Returns women's and men's values, the gap and the ratio for one indicator and year, for a peer set of
-- municipalities plus the chosen municipality, its region and Sweden (Riket), and one row for the peer mean.
-- Grain: one row per area, plus one row with area_id 'peers' and kind 'peer_mean'.
-- Parameters:
--   $indicator_id (varchar)
--   $year (integer)
--   $municipality_id (varchar or null): the user's municipality or region; null gives the national view
--   $peer_ids (varchar[]): the areas to compare with; an empty list means all areas of the home's kind
--     (all municipalities; all regions when $municipality_id is a region)
-- Gap = women - men in the indicator's unit (percentage points for percent); ratio = women / men, null when men is 0
-- (both defined once in queries/_models/gap.sql and ratio.sql).
-- Areas with no value for either sex are kept with nulls so the chart can say they are missing.
-- Peer mean: unweighted mean over the peers (not the chosen municipality) that have both values; n_peers of
-- n_peer_total peers (given on the peer-mean row) have them, and peer_mean_uncertain is true when that is fewer
-- than 3 or fewer than half, so the chart can draw the mean as uncertain.
-- Counts (unit 'count') get no peer-mean row and are sorted by women_share = 100 * women / (women + men): their
-- gap mostly measures the size of the area, not equality, and the mean of counts is not comparable to any one area.
with indicator as (
    select unit from indicators where indicator_id = $indicator_id
),

chosen as (
    select area_id, region_id, kind
    from areas
    where area_id = $municipality_id and kind in ('municipality', 'region')
),

listed as (
    select
        a.area_id,
        a.name as area_name,
        a.kind,
        coalesce(a.area_id = c.area_id, false) as is_chosen,
        coalesce(a.area_id = c.region_id and c.kind = 'municipality', false) as is_region,  -- why: a region's
        -- region_id is itself, and it is the chosen area then
        a.area_id = '0000' as is_country,
        a.kind = coalesce(c.kind, 'municipality') and (len($peer_ids) = 0 or list_contains($peer_ids, a.area_id))
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
        gap(o.women, o.men) as gap,
        ratio(o.women, o.men) as ratio,
        case when i.unit = 'count' then women_share(o.women, o.men) end
            as women_share,
        o.women_status,
        o.men_status,
        l.is_chosen,
        l.is_region,
        l.is_country,
        false as is_peer_mean,
        null::bigint as n_peers,
        null::bigint as n_peer_total,
        false as peer_mean_uncertain,
        l.is_peer
    from listed l
    left join observed o using (area_id)
    left join indicator i on true
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
        gap(avg(women), avg(men)) as gap,
        ratio(avg(women), avg(men)) as ratio,
        null as women_share,
        null as women_status,
        null as men_status,
        false as is_chosen,
        false as is_region,
        false as is_country,
        true as is_peer_mean,
        count(gap(women, men)) as n_peers,
        (select count(*) from shown where is_peer) as n_peer_total,
        thin_peer_mean(count(gap(women, men)), (select count(*) from shown where is_peer)) as peer_mean_uncertain
    from shown
    where is_peer and women is not null and men is not null
      and not exists (select 1 from indicator where unit = 'count')  -- why: see the header
    having count(*) > 0
),

final as (
    select * exclude (is_peer) from shown
    union all
    select * from peer_mean
)

select * from final
order by women_share desc nulls last, gap desc nulls last, area_name

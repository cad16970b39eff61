-- Returns a municipality's profile: for every indicator, the latest women's and men's values up to a year,
-- the gap, how the gap changed over the last five available years, and the position among peers.
-- Grain: one row per indicator (indicators without any value for the municipality are left out).
-- Parameters:
--   $municipality_id (varchar)
--   $peer_ids (varchar[]): peer municipalities (the municipality itself is left out of the peer mean)
--   $year (integer): the latest year to consider
-- Definitions: gap = women - men; base year = the fifth available year before the latest one (so
-- "last 5 available years"); peer mean = unweighted mean of peers' gaps in the same year; rank = position
-- of the municipality's absolute gap among itself and its peers (1 = smallest difference between the sexes);
-- typical_change = median absolute change of the municipality's gap from one available year to the next
-- (years where the gap did not change at all are left out).
-- How many areas a peer mean rests on: n_peers = peers with a gap in the municipality's latest year,
-- n_peer_total = the peer municipalities asked for (the municipality itself not counted);
-- peer_mean_uncertain = a peer mean is given but rests on fewer than 3 peers or on fewer than half of them,
-- so it can jump from year to year with the areas behind it and should be shown as uncertain.
-- Counts (unit 'count': inhabitants, employees, pupils) are not compared across areas: their gap mostly measures
-- the size of the municipality, not equality (Karlstad's 502 more women than men ranks last among Värmland's
-- small municipalities). For them gap_comparable is false, peer_mean_gap, rank_abs_gap and n_ranked are null,
-- and women_share = 100 * women / (women + men) gives a figure that can be compared across areas.
-- Reads paired_values (years with both values, with base_year, gap_base, typical_change and next_year
-- precomputed per year; see jamstat/store.py) and gap_years (each area's gaps as one list per indicator).
with peer_set as (
    -- the peer municipalities asked for, each once, without the municipality itself
    select count(*) as n_peer_total
    from areas
    where kind = 'municipality'
      and list_contains($peer_ids, area_id)
      and area_id <> $municipality_id
),

latest as (
    -- the latest year up to $year with both values: the row whose next such year is later than $year
    select
        indicator_id,
        year,
        women,
        men,
        women - men as gap,
        base_year,
        gap_base,
        typical_change
    from paired_values
    where area_id = $municipality_id
      and year <= $year
      and (next_year is null or next_year > $year)
),

ranked_areas as (
    -- the municipality and each peer with its gap in the municipality's latest year (null when it has none)
    select
        l.indicator_id,
        g.area_id,
        l.gap,
        case when l.year >= g.first_year then g.gaps[l.year - g.first_year + 1] end as area_gap
    from gap_years g
    join latest l using (indicator_id)
    where g.area_id = $municipality_id
       or list_contains($peer_ids, g.area_id)
),

peers as (
    -- rank = 1 + how many of the municipality and its peers are closer to 0
    select
        indicator_id,
        avg(area_gap) filter (where area_id <> $municipality_id) as peer_mean_gap,
        count(area_gap) filter (where area_id <> $municipality_id) as n_peers,
        1 + count(*) filter (where abs(area_gap) < abs(gap)) as rank_abs_gap,
        count(area_gap) as n_ranked
    from ranked_areas
    group by indicator_id
),

final as (
    select
        i.theme,
        i.indicator_id,
        i.title_sv,
        i.title_en,
        i.unit,
        i.population,
        i.higher_is,
        i.source_id,
        l.year,
        l.women,
        l.men,
        l.gap,
        case when l.men <> 0 then l.women / l.men end as ratio,
        l.base_year,
        l.gap_base,
        abs(l.gap) - abs(l.gap_base) as abs_gap_change,
        l.typical_change,
        i.unit <> 'count' as gap_comparable,
        case when i.unit = 'count' and l.women + l.men > 0 then 100 * l.women / (l.women + l.men) end
            as women_share,
        case when i.unit <> 'count' then p.peer_mean_gap end as peer_mean_gap,
        coalesce(p.n_peers, 0) as n_peers,
        s.n_peer_total,
        coalesce(i.unit <> 'count' and p.peer_mean_gap is not null
                 and (p.n_peers < 3 or 2 * p.n_peers < s.n_peer_total), false) as peer_mean_uncertain,
        case when i.unit <> 'count' then p.rank_abs_gap end as rank_abs_gap,
        case when i.unit <> 'count' then p.n_ranked end as n_ranked
    from latest l
    join indicators i using (indicator_id)
    left join peers p using (indicator_id)
    cross join peer_set s
)

select * from final
order by theme, title_sv, indicator_id

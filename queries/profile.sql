-- Returns a municipality's (or a region's) profile: for every indicator, the latest women's and men's values up to a year,
-- the gap, the facts of a trend test of the gap over its last six available years, and the position among peers.
-- Grain: one row per indicator (indicators without any value for the municipality are left out).
-- Parameters:
--   $municipality_id (varchar)
--   $peer_ids (varchar[]): peer municipalities (the municipality itself is left out of the peer mean)
--   $year (integer): the latest year to consider
--   $election_ids (varchar[]): indicators measured at elections (1994, 1998, … 2022); the years between repeat
--     the last election's value, so their trend window holds election years only
-- Definitions: gap = women - men; trend window = the last six years with both values up to the latest year
-- (election indicators: the last four elections, twelve years); base year = the window's first year; slope =
-- least-squares slope of the gap over the window's years, slope_se its standard error (jamstat/narrative.py
-- tests it); peer mean = unweighted mean of peers' gaps in the same year; rank = position of the municipality's
-- absolute gap among itself and its peers (1 = smallest difference between the sexes); typical_change = median
-- absolute change of the gap from one available year to the next (years where the gap did not change at all are
-- left out); inhabitants_women/men = the municipality's inhabitants of each sex (Kolada N01951) in the latest year
-- up to $year, for the small-number guard.
-- How many areas a peer mean rests on: n_peers = peers with a gap in the municipality's latest year,
-- n_peer_total = the peer municipalities asked for (the municipality itself not counted);
-- peer_mean_uncertain = a peer mean is given but rests on fewer than 3 peers or on fewer than half of them,
-- so it can jump from year to year with the areas behind it and should be shown as uncertain.
-- home_kind = the area's kind ('municipality' or 'region'): the sentences then say "kommuner" or "regioner".
-- Counts (unit 'count': inhabitants, employees, pupils) are not compared across areas: their gap mostly measures
-- the size of the municipality, not equality (Karlstad's 502 more women than men ranks last among Värmland's
-- small municipalities). For them gap_comparable is false, peer_mean_gap, rank_abs_gap and n_ranked are null,
-- and women_share = 100 * women / (women + men) gives a figure that can be compared across areas.
-- Reads paired_values (years with both values, with typical_change and next_year precomputed per year; see
-- queries/_models/paired_sexes.sql) and gap_years (each area's gaps as one list per indicator: yearly_gaps.sql).
with peer_set as (
    -- the peers asked for, each once, without the municipality itself; peers are areas of the home's kind
    -- (municipalities, or regions when the home is a region)
    select
        count(*) as n_peer_total,
        any_value((select kind from areas where area_id = $municipality_id)) as home_kind  -- 'region' or not
    from areas
    where kind = (select kind from areas where area_id = $municipality_id)
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
        gap(women, men) as gap,
        typical_change
    from paired_values
    where area_id = $municipality_id
      and year <= $year
      and (next_year is null or next_year > $year)
),

window_points as (
    -- every year with a gap up to the latest year, newest first (election indicators: election years only)
    select
        l.indicator_id,
        y.year,
        g.gaps[y.year - g.first_year + 1] as gap,
        row_number() over (partition by l.indicator_id order by y.year desc) as years_back
    from latest l
    join gap_years g on g.area_id = $municipality_id and g.indicator_id = l.indicator_id,
        unnest(range(g.first_year, l.year + 1)) as y(year)
    where g.gaps[y.year - g.first_year + 1] is not null
      and (not list_contains($election_ids, l.indicator_id) or y.year % 4 = 2)
),

trend as (
    -- least squares over the window; se = sqrt(residual sum of squares / (n - 2) / Sxx)
    select
        indicator_id,
        min(year) as base_year,
        max(year) as trend_last_year,
        arg_min(gap, year) as gap_base,
        count(*) as trend_points,
        regr_slope(gap, year) as slope,
        regr_intercept(gap, year) as intercept,
        case when count(*) > 2 and regr_sxx(gap, year) > 0 then
            sqrt(greatest(regr_syy(gap, year) - regr_sxy(gap, year) ^ 2 / regr_sxx(gap, year), 0)
                 / (count(*) - 2) / regr_sxx(gap, year))
        end as slope_se
    from window_points
    where years_back <= case when list_contains($election_ids, indicator_id) then 4 else 6 end
    group by indicator_id
),

base_values as (
    -- women's and men's values in the base year (to tell whether that gap was within the equality band)
    select t.indicator_id, p.women as women_base, p.men as men_base
    from trend t
    join paired_values p
      on p.area_id = $municipality_id and p.indicator_id = t.indicator_id and p.year = t.base_year
),

inhabitants as (
    select
        arg_max(women, year) as inhabitants_women,
        arg_max(men, year) as inhabitants_men
    from paired_values
    where area_id = $municipality_id
      and indicator_id = 'N01951'  -- Kolada: inhabitants, total
      and year <= $year
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
        ratio(l.women, l.men) as ratio,
        t.base_year,
        t.gap_base,
        b.women_base,
        b.men_base,
        abs(l.gap) - abs(t.gap_base) as abs_gap_change,
        t.trend_points,
        t.trend_last_year,
        t.slope,
        t.intercept,
        t.slope_se,
        l.typical_change,
        h.inhabitants_women,
        h.inhabitants_men,
        i.unit <> 'count' as gap_comparable,
        case when i.unit = 'count' then women_share(l.women, l.men) end as women_share,
        case when i.unit <> 'count' then p.peer_mean_gap end as peer_mean_gap,
        coalesce(p.n_peers, 0) as n_peers,
        s.n_peer_total,
        coalesce(i.unit <> 'count' and p.peer_mean_gap is not null
                 and thin_peer_mean(p.n_peers, s.n_peer_total), false) as peer_mean_uncertain,
        case when i.unit <> 'count' then p.rank_abs_gap end as rank_abs_gap,
        case when i.unit <> 'count' then p.n_ranked end as n_ranked,
        s.home_kind
    from latest l
    join indicators i using (indicator_id)
    left join trend t using (indicator_id)
    left join base_values b using (indicator_id)
    left join peers p using (indicator_id)
    cross join inhabitants h
    cross join peer_set s
)

select * from final
order by theme, title_sv, indicator_id

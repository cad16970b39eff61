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
-- Reads paired_values (women and men side by side, sorted by area in the cache file): the municipality's
-- rows once, and its peers' rows only in the municipality's latest year of each indicator.
with own as (
    -- the municipality's years with both values, newest first, as one list per indicator (a struct list sorts
    -- by its first field, year, unique per indicator: cheaper than an ordered aggregate)
    select
        indicator_id,
        list_reverse_sort(list({'year': year, 'women': women, 'men': men, 'gap': women - men})) as series
    from paired_values
    where area_id = $municipality_id
      and year <= $year
      and women is not null
      and men is not null
    group by indicator_id
),

latest as (
    select
        indicator_id,
        series[1].year as year,
        series[1].women as women,
        series[1].men as men,
        series[1].gap as gap,
        series[6].year as base_year,
        series[6].gap as gap_base,
        -- repeated values (politicians' figures between elections) are not changes, so zeros are left out
        list_median(list_filter(
            list_transform(range(1, len(series)), lambda k: abs(series[k].gap - series[k + 1].gap)),
            lambda change: change > 0)) as typical_change
    from own
),

peers as (
    -- the municipality and its peers in the municipality's latest year: rank = 1 + how many are closer to 0
    select
        p.indicator_id,
        avg(p.women - p.men) filter (where p.area_id <> $municipality_id) as peer_mean_gap,
        count(*) filter (where p.area_id <> $municipality_id) as n_peers,
        1 + count(*) filter (where abs(p.women - p.men) < abs(l.gap)) as rank_abs_gap,
        count(*) as n_ranked
    from paired_values p
    join latest l on l.indicator_id = p.indicator_id and l.year = p.year
    where (p.area_id = $municipality_id or list_contains($peer_ids, p.area_id))
      and p.year <= $year
      and p.women is not null
      and p.men is not null
    group by p.indicator_id
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
        p.peer_mean_gap,
        coalesce(p.n_peers, 0) as n_peers,
        p.rank_abs_gap,
        p.n_ranked
    from latest l
    join indicators i using (indicator_id)
    left join peers p using (indicator_id)
)

select * from final
order by theme, title_sv, indicator_id

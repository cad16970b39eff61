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
with paired as (
    select
        indicator_id,
        area_id,
        year,
        max(value) filter (where sex = 'women') as women,
        max(value) filter (where sex = 'men') as men
    from "values"
    where (area_id = $municipality_id or list_contains($peer_ids, area_id))
      and sex in ('women', 'men')
      and year <= $year
    group by indicator_id, area_id, year
),

own as (
    select
        indicator_id,
        year,
        women,
        men,
        women - men as gap,
        row_number() over (partition by indicator_id order by year desc) as recency,
        abs((women - men) - lag(women - men) over (partition by indicator_id order by year)) as yearly_change
    from paired
    where area_id = $municipality_id and women is not null and men is not null
),

latest as (
    select indicator_id, year, women, men, gap from own where recency = 1
),

base as (
    select indicator_id, year as base_year, gap as gap_base from own where recency = 6
),

variation as (
    -- repeated values (politicians' figures between elections) are not changes, so zeros are left out
    select indicator_id, median(yearly_change) filter (where yearly_change > 0) as typical_change
    from own
    group by indicator_id
),

peer_gaps as (
    select p.indicator_id, p.area_id, p.women - p.men as gap
    from paired p
    join latest l on l.indicator_id = p.indicator_id and l.year = p.year
    where p.women is not null and p.men is not null
),

peer_stats as (
    select
        indicator_id,
        avg(gap) filter (where area_id <> $municipality_id) as peer_mean_gap,
        count(*) filter (where area_id <> $municipality_id) as n_peers
    from peer_gaps
    group by indicator_id
),

ranked as (
    select
        indicator_id,
        area_id,
        rank() over (partition by indicator_id order by abs(gap)) as rank_abs_gap,
        count(*) over (partition by indicator_id) as n_ranked
    from peer_gaps
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
        b.base_year,
        b.gap_base,
        abs(l.gap) - abs(b.gap_base) as abs_gap_change,
        v.typical_change,
        s.peer_mean_gap,
        coalesce(s.n_peers, 0) as n_peers,
        r.rank_abs_gap,
        r.n_ranked
    from latest l
    join indicators i using (indicator_id)
    left join base b using (indicator_id)
    left join variation v using (indicator_id)
    left join peer_stats s using (indicator_id)
    left join ranked r on r.indicator_id = l.indicator_id and r.area_id = $municipality_id
)

select * from final
order by theme, title_sv

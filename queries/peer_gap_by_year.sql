-- Returns, per year, the municipality's gap next to the unweighted mean gap of its peers and Sweden's gap,
-- to answer "is our gap closing faster than our peers'?".
-- Grain: one row per year x series ('municipality', 'peer_mean', 'country').
-- Parameters:
--   $indicator_id (varchar)
--   $municipality_id (varchar)
--   $peer_ids (varchar[]): peer municipalities; the municipality itself is left out of the peer mean
-- Peer mean = average over peers with both values that year of (women - men), each municipality counting once
-- (unweighted, as Kolada's "(ovägt medel)" groups); n_areas says how many peers contributed.
-- The indicator's rows are read once (materialized) and serve both the year grid and the values.
with indicator_rows as materialized (
    select area_id, year, sex, value
    from "values"
    where indicator_id = $indicator_id and sex in ('women', 'men')
),

paired as (
    select
        area_id,
        year,
        max(value) filter (where sex = 'women') as women,
        max(value) filter (where sex = 'men') as men
    from indicator_rows
    where area_id = $municipality_id or area_id = '0000' or list_contains($peer_ids, area_id)
    group by area_id, year
),

years as (
    select distinct year from indicator_rows
),

series as (
    select
        year,
        case
            when area_id = $municipality_id then 'municipality'
            when area_id = '0000' then 'country'
        end as series,
        women - men as gap,
        1 as n_areas
    from paired
    where area_id = $municipality_id or area_id = '0000'
    union all
    select
        year,
        'peer_mean' as series,
        avg(women - men) as gap,
        count(women - men) as n_areas
    from paired
    where list_contains($peer_ids, area_id) and area_id <> $municipality_id
    group by year
),

final as (
    select y.year, k.series, s.gap, coalesce(s.n_areas, 0) as n_areas
    from years y
    cross join (values ('municipality'), ('peer_mean'), ('country')) k(series)
    left join series s on s.year = y.year and s.series = k.series
)

select * from final
order by series, year

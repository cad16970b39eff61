-- Returns, per year, the municipality's (or region's) gap next to the unweighted mean gap of its peers and Sweden's gap,
-- to answer "is our gap closing faster than our peers'?".
-- Grain: one row per year x series ('municipality', 'peer_mean', 'country').
-- Parameters:
--   $indicator_id (varchar)
--   $municipality_id (varchar)
--   $peer_ids (varchar[]): peer municipalities; the municipality itself is left out of the peer mean
-- Peer mean = average over peers with both values that year of (women - men), each municipality counting once
-- (unweighted, as Kolada's "(ovägt medel)" groups); n_areas says how many peers contributed that year, of
-- n_peer_total peer municipalities asked for (the municipality itself not counted), and peer_mean_uncertain
-- is true on a peer-mean row resting on fewer than 3 peers or fewer than half of them: the peer set behind the
-- line changes from year to year, and a mean of one or two areas can jump with them.
-- Counts (unit 'count') get no peer mean (null gap): their gap mostly measures the size of the municipality.
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

peer_set as (
    -- the peers asked for, each once, without the municipality itself; peers are areas of the home's kind
    -- (municipalities, or regions when the home is a region)
    select count(*) as n_peer_total
    from areas
    where kind = (select kind from areas where area_id = $municipality_id)
      and list_contains($peer_ids, area_id)
      and area_id <> $municipality_id
),

series as (
    select
        year,
        case
            when area_id = $municipality_id then 'municipality'
            when area_id = '0000' then 'country'
        end as series,
        gap(women, men) as gap,
        1 as n_areas
    from paired
    where area_id = $municipality_id or area_id = '0000'
    union all
    select
        year,
        'peer_mean' as series,
        case when (select unit from indicators where indicator_id = $indicator_id) is distinct from 'count'
            then avg(gap(women, men)) end as gap,
        count(gap(women, men)) as n_areas
    from paired
    where list_contains($peer_ids, area_id) and area_id <> $municipality_id
    group by year
),

final as (
    select
        y.year,
        k.series,
        s.gap,
        coalesce(s.n_areas, 0) as n_areas,
        case when k.series = 'peer_mean' then p.n_peer_total end as n_peer_total,
        coalesce(k.series = 'peer_mean' and s.gap is not null
                 and thin_peer_mean(s.n_areas, p.n_peer_total), false) as peer_mean_uncertain
    from years y
    cross join (values ('municipality'), ('peer_mean'), ('country')) k(series)
    cross join peer_set p
    left join series s on s.year = y.year and s.series = k.series
)

select * from final
order by series, year

-- Returns the dashboard's own equality index for one municipality (not an official statistic): for each
-- indicator a parity score, and per theme the equal-weight mean of those scores.
-- Grain: one row per indicator with a score (theme_score repeated on each row of its theme).
-- Parameters: $municipality_id (varchar), $year (integer): the latest year to consider.
-- Method: parity score = 100 * min(women, men) / max(women, men) in the latest year up to $year with both
-- values (100 = equal values; lower = further apart, whichever sex is higher). Indicators with a negative or
-- zero value are left out, since a ratio of them has no meaning, and so are counts (unit 'count'), whose
-- ratio mostly mirrors how many women and men live in the municipality. Each indicator weighs 1 / (indicators in
-- the theme); theme score = sum of contributions. Like EIGE's index it measures distance to equality,
-- not whether levels are good or bad.
with latest as (
    -- the latest year up to $year with both values positive (paired_values: sorted by area in the cache file)
    select
        indicator_id,
        max(year) as year,
        arg_max(women, year) as women,
        arg_max(men, year) as men
    from paired_values
    where area_id = $municipality_id
      and year <= $year
      and women > 0
      and men > 0
    group by indicator_id
),

scored as (
    select
        i.theme,
        l.indicator_id,
        i.title_sv,
        i.title_en,
        l.year,
        l.women,
        l.men,
        100 * least(l.women, l.men) / greatest(l.women, l.men) as parity_score
    from latest l
    join indicators i using (indicator_id)
    where i.unit <> 'count'
      and i.source <> 'upload'  -- users' own tables are not part of the dashboard's index
),

final as (
    select
        *,
        1.0 / count(*) over (partition by theme) as weight,
        parity_score / count(*) over (partition by theme) as contribution,
        sum(parity_score) over (partition by theme) / count(*) over (partition by theme) as theme_score,
        count(*) over (partition by theme) as n_indicators
    from scored
)

select * from final
order by theme, parity_score, indicator_id

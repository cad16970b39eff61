-- Returns the dashboard's own equality index for one municipality (not an official statistic): for each core
-- indicator a parity score, and per theme the equal-weight mean of the scores the municipality has.
-- Grain: one row per core indicator of each theme (theme_score and the counts repeated on each row of its theme);
-- a core indicator the municipality lacks is a row with status 'missing' and no score.
-- Parameters: $municipality_id (varchar); $year (integer): the index's year; $max_age (integer): how many years
-- older than $year a value may be; $core_share (double): the share of municipalities an indicator must have
-- values for to be in the core set.
-- Method (Om data states it for users; jamstat/index_rules.csv says which indicators take part and why):
-- * Values: each municipality's value pair of $year, or where $year lacks one, of the latest year at most
--   $max_age years older (status 'older', marked and counted on the page). Nothing older is used.
-- * Core set: the indicators that have such values for at least $core_share of all municipalities. Every
--   municipality is scored on the same core set; where one lacks a core indicator, it is 'missing' (and counted).
-- * Score, 0-100 (100 = equal values; 0 = one sex has none of what the other has):
--   share (percent of a group, 0-100): 100 * (1 - |women - men| / d), d = the smaller of max(women, men) and
--     100 - min(women, men); equals the lower of min/max of the shares and min/max of their complements
--     (100 - share), so an indicator scores the same phrased as "passed" or as "did not pass"; for small shares
--     it is min/max, and a 40/60 split of one total scores 67 as before (100 * exp(-|log odds ratio|), symmetric
--     too, is the product of the two ratios: 44);
--   ratio (positive quantities: money, days, rates per inhabitants): 100 * min(women, men) / max(women, men).
--   A zero counts: 0 against a positive value scores 0, 0 against 0 scores 100. A negative value has no score.
-- * Theme score: the mean of its core indicators' scores (equal weights over those the municipality has).
with municipalities as (
    select area_id from areas where kind = 'municipality'
),

treated as (
    -- every catalogue indicator with its treatment: the indicator's own rule wins over its unit's
    select
        i.indicator_id,
        i.theme,
        i.title_sv,
        i.title_en,
        i.unit,
        coalesce(own.treatment, by_unit.treatment, 'exclude') as treatment  -- a unit without a rule is left out
    from indicators i
    left join index_rules own on own.match = 'indicator' and own.value = i.indicator_id
    left join index_rules by_unit on by_unit.match = 'unit' and by_unit.value = i.unit
    where i.source <> 'upload'  -- users' own tables are not part of the dashboard's index
),

scored_indicators as (
    select * from treated where treatment <> 'exclude'
),

covered as (
    -- for each indicator, the municipalities with a value pair within the limit: a municipality's latest pair up
    -- to $year is the one whose next pair lies after $year (municipality_pair_spans: counts by year, next_year)
    select indicator_id, sum(n_municipalities) as n_municipalities
    from municipality_pair_spans
    where year between $year - $max_age and $year
      and (next_year is null or next_year > $year)
    group by indicator_id
),

core as (
    select s.*
    from scored_indicators s
    join covered c on c.indicator_id = s.indicator_id
    where c.n_municipalities >= $core_share * (select count(*) from municipalities)
),

recent as (
    -- the municipality's latest value pair within the limit
    select indicator_id, year, women, men
    from paired_values
    where area_id = $municipality_id
      and year between $year - $max_age and $year
      and (next_year is null or next_year > $year)
),

chosen as (
    select
        s.theme,
        s.indicator_id,
        s.title_sv,
        s.title_en,
        s.unit,
        s.treatment as measure,
        r.year,
        r.women,
        r.men
    from core s
    left join recent r on r.indicator_id = s.indicator_id
),

scored as (
    select
        *,
        case
            when women is null or men is null or least(women, men) < 0 then null
            when women = men then 100.0
            -- a share above 100 has no complement: scored as a quantity
            when measure = 'share' and greatest(women, men) <= 100
                then 100 * (1 - abs(gap(women, men)) / least(greatest(women, men), 100 - least(women, men)))
            else 100 * least(women, men) / greatest(women, men)
        end as parity_score
    from chosen
),

final as (
    select
        theme,
        indicator_id,
        title_sv,
        title_en,
        unit,
        measure,
        year,
        women,
        men,
        parity_score,
        case
            when parity_score is null then 'missing'
            when year < $year then 'older'
            else 'current'
        end as status,
        case when parity_score is not null then 1.0 / count(parity_score) over theme end as weight,
        parity_score / count(parity_score) over theme as contribution,
        avg(parity_score) over theme as theme_score,
        count(parity_score) over theme as n_indicators,
        count(*) over theme as n_core,
        count(*) filter (where parity_score is not null and year < $year) over theme as n_older
    from scored
    window theme as (partition by theme)
)

select * from final
order by theme, parity_score nulls last, indicator_id

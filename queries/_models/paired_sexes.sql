-- Returns women's and men's values side by side, with what the per-municipality queries (profile,
-- equality_index) need of the series up to that year, computed once rather than on every query: the gap five
-- available years earlier (base_year, gap_base), the median absolute change of the gap from one available year
-- to the next (typical_change; changes of 0 left out: repeated values are not changes) and the next year with
-- both values (next_year, so that "the latest year up to Y" is a plain filter).
-- Grain: a table macro, one row per indicator x area x year with both values.
-- Parameters: source (name of a table or view of the values schema).
-- Read as the view paired_values: from the built store's table (sorted by area, year and indicator), otherwise as
-- this macro over the values per query: correct, not as fast.
create or replace macro paired_sexes(source) as table
with pairs as (
    select
        indicator_id,
        area_id,
        year,
        max(value) filter (where sex = 'women') as women,
        max(value) filter (where sex = 'men') as men
    from query_table(source)
    where sex in ('women', 'men')
    group by indicator_id, area_id, year
),

series as (
    select
        indicator_id, area_id, year, women, men,
        abs(gap(women, men) - lag(gap(women, men)) over w) as change,
        lag(year, 5) over w as base_year,
        lag(gap(women, men), 5) over w as gap_base,
        lead(year) over w as next_year
    from pairs
    where women is not null and men is not null
    window w as (partition by area_id, indicator_id order by year)
)

select
    indicator_id, area_id, year, women, men, base_year, gap_base,
    -- the changes so far as a list, then its median: half the time of a windowed median(...) filter (...)
    list_median(list_filter(
        list(change) over (partition by area_id, indicator_id order by year
                           rows between unbounded preceding and current row),
        lambda c: c > 0)) as typical_change,
    next_year
from series

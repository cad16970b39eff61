-- Returns each area's gap (women - men) per indicator as one list over consecutive years from first_year (null
-- where a year lacks a value): a peer's gap in a given year is one list element, so comparing a municipality
-- with 50 peers reads 50 x (indicators) rows instead of every year of every peer.
-- Grain: a table macro, one row per area x indicator.
-- Parameters: paired (name of a table or view of paired_sexes' schema).
-- Each year contributes its gap followed by a null for every year up to the next year with both values. Only
-- aggregates by area, so a filter on area_id reaches the values' scan (the unbuilt store stays fast).
create or replace macro yearly_gaps(paired) as table
select
    area_id,
    indicator_id,
    min(year) as first_year,
    flatten(list(
        [gap(women, men)] || list_resize([]::double[], coalesce(next_year - year - 1, 0))
        order by year)) as gaps
from query_table(paired)
group by area_id, indicator_id

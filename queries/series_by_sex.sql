-- Returns women's and men's values over all years for one indicator and a list of areas.
-- Grain: one row per area x year x sex, on a full grid of the indicator's years, so a missing
-- year is a row with a null value (a break in the line), never a zero.
-- Parameters: $indicator_id (varchar), $area_ids (varchar[]).
-- The indicator's rows are read once (materialized) and serve both the year grid and the values.
with observed as materialized (
    select area_id, year, sex, value, status
    from "values"
    where indicator_id = $indicator_id and sex in ('women', 'men')
),

years as (
    select distinct year from observed
),

grid as (
    select a.area_id, a.name as area_name, y.year, s.sex
    from areas a
    cross join years y
    cross join (values ('women'), ('men')) s(sex)
    where list_contains($area_ids, a.area_id)
),

final as (
    select g.area_id, g.area_name, g.year, g.sex, v.value, v.status
    from grid g
    left join observed v
        on v.area_id = g.area_id
        and v.year = g.year
        and v.sex = g.sex
)

select * from final
order by area_id, year, sex

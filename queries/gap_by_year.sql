-- Returns the gap (women - men) and ratio (women / men) over all years for one indicator and a list of areas
-- (gap and ratio as defined in queries/_models/).
-- Grain: one row per area x year, on the full grid of the indicator's years; gap is null when either value is.
-- Parameters: $indicator_id (varchar), $area_ids (varchar[]).
-- The indicator's rows are read once (materialized) and serve both the year grid and the values.
with indicator_rows as materialized (
    select area_id, year, sex, value
    from "values"
    where indicator_id = $indicator_id and sex in ('women', 'men')
),

years as (
    select distinct year from indicator_rows
),

observed as (
    select
        area_id,
        year,
        max(value) filter (where sex = 'women') as women,
        max(value) filter (where sex = 'men') as men
    from indicator_rows
    where list_contains($area_ids, area_id)
    group by area_id, year
),

final as (
    select
        a.area_id,
        a.name as area_name,
        y.year,
        o.women,
        o.men,
        gap(o.women, o.men) as gap,
        ratio(o.women, o.men) as ratio
    from areas a
    cross join years y
    left join observed o on o.area_id = a.area_id and o.year = y.year
    where list_contains($area_ids, a.area_id)
)

select * from final
order by area_id, year

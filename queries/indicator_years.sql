-- Returns the years in which an indicator has at least one value for women or men.
-- Grain: one row per year.
-- Parameters: $indicator_id (varchar).
with final as (
    select distinct year
    from "values"
    where indicator_id = $indicator_id
      and sex in ('women', 'men')
      and value is not null
)
select * from final
order by year

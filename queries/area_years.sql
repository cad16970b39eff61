-- Returns the years in which an area has both a women's and a men's value for at least one indicator (the
-- years a profile of the area can be asked for; users' own tables included).
-- Grain: one row per year.
-- Parameters: $area_id (varchar).
with final as (
    select distinct year
    from paired_values
    where area_id = $area_id
)
select * from final
order by year

-- Returns the indicators that have a value for women or men in at least one area of a kind (e.g. 'region': the
-- indicators a region as home organisation can be shown on; most municipal KPIs have no region values).
-- Grain: one row per indicator.
-- Parameters: $area_kind (varchar): 'municipality', 'region' or 'country'.
with final as (
    select distinct v.indicator_id
    from "values" v
    semi join areas a on a.area_id = v.area_id and a.kind = $area_kind
    where v.sex in ('women', 'men')
      and v.value is not null
)
select * from final
order by indicator_id

-- Returns every area the store knows: Riket, regions (län) and municipalities.
-- Grain: one row per area.
-- Parameters: none.
with final as (
    select
        a.area_id,
        a.name as area_name,
        a.kind,
        a.region_id,
        r.name as region_name,
        a.municipality_group_id,
        a.municipality_group
    from areas a
    left join areas r on r.area_id = a.region_id and r.kind = 'region'
)
select * from final
order by case kind when 'country' then 0 when 'region' then 1 else 2 end, area_name

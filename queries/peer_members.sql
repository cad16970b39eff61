-- Returns the municipalities in a peer set defined by a kind of grouping.
-- Grain: one row per member municipality.
-- Parameters:
--   $kind (varchar): 'region' (the municipality's county), 'group' (its kommungrupp) or 'kolada' (a Kolada group)
--   $municipality_id (varchar): the municipality the set is built around
--   $group_id (varchar or null): the Kolada group id for kind 'kolada'
with chosen as (
    select region_id, municipality_group_id
    from areas
    where area_id = $municipality_id and kind = 'municipality'
),

members as (
    select area_id
    from areas
    where kind = 'municipality'
      and (
          ($kind = 'region' and region_id = (select region_id from chosen))
          or ($kind = 'group' and municipality_group_id = (select municipality_group_id from chosen))
      )
    union
    select member_id as area_id
    from groups
    where $kind = 'kolada' and group_id = $group_id
),

final as (
    select m.area_id, a.name as area_name
    from members m
    join areas a using (area_id)
)

select * from final
order by area_name

-- Returns Kolada's municipality groups that contain a municipality, for use as peer sets.
-- Grain: one row per group.
-- Parameters: $municipality_id (varchar).
-- Groups named after the municipality itself (e.g. "Liknande kommuner ..., Karlstad, 2024") come first:
-- Kolada built those as that municipality's comparison group.
with own as (
    select name from areas where area_id = $municipality_id
),

containing as (
    select group_id
    from groups
    where member_id = $municipality_id
),

final as (
    select
        g.group_id,
        any_value(g.group_title) as group_title,
        count(*) as n_members,
        bool_or(contains(g.group_title, ', ' || (select name from own) || ',')) as named_for_municipality
    from groups g
    join containing using (group_id)
    group by g.group_id
)

select * from final
order by named_for_municipality desc, group_title

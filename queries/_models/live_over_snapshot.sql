-- Returns Kolada's values with a live update: the live rows, and the snapshot's rows the update does not have (a
-- live row wins over the snapshot's for the same indicator, area, year and sex).
-- Grain: a table macro, one row per indicator x area x year x sex (the values schema).
-- Parameters: live, snapshot (names of tables or views of the values schema).
-- Used by the build (jamstat/build.py) and, when no built store matches, as the view kolada_values.
create or replace macro live_over_snapshot(live, snapshot) as table
select indicator_id, area_id, year, sex, value, status from query_table(live)
union all
select s.indicator_id, s.area_id, s.year, s.sex, s.value, s.status from query_table(snapshot) s
where not exists (
    select 1 from query_table(live) l
    where l.indicator_id = s.indicator_id and l.area_id = s.area_id and l.year = s.year and l.sex = s.sex)

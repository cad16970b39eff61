-- Returns the indicator catalogue as stored with the data.
-- Grain: one row per indicator.
-- Parameters: none.
with final as (
    select
        indicator_id, source, source_id, kpi_women, kpi_men, derived_sex,
        title_sv, title_en, description_sv, unit, theme, population, higher_is
    from indicators
)
select * from final
order by theme, title_sv

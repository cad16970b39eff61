-- Returns the equality index's rules (jamstat/index_rules.csv, read by the store as index_rules): which indicators
-- take part and how each is scored, with the reason's key (its text is in jamstat/text.py).
-- Grain: one row per rule; a rule for one indicator carries the indicator's titles (null for a unit's rule).
-- Parameters: none.
with final as (
    select
        r.match,
        r.value,
        r.treatment,
        r.reason,
        i.title_sv,
        i.title_en
    from index_rules r
    left join indicators i on r.match = 'indicator' and i.indicator_id = r.value
)

select * from final
order by match desc, treatment, reason, value

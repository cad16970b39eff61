-- Returns the women's share of women and men: 100 * women / (women + men), in percent; null when the sum is not
-- positive or either value is null. Used for counts, whose gap mostly measures the size of the area.
-- Grain: a scalar macro, one value per call.
-- Parameters: women (double), men (double).
create or replace macro women_share(women, men) as case when women + men > 0 then 100 * women / (women + men) end

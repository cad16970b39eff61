-- Returns the ratio of women's to men's values: women / men; null when men is 0 (no ratio to a zero) or either
-- value is null.
-- Grain: a scalar macro, one value per call.
-- Parameters: women (double), men (double); any expressions, e.g. ratio(avg(women), avg(men)).
create or replace macro ratio(women, men) as case when men <> 0 then women / men end

-- Returns the gap between women's and men's values: women - men, in the indicator's unit (percentage points for
-- shares); null when either value is null (a missing value is never read as 0).
-- Grain: a scalar macro, one value per call.
-- Parameters: women (double), men (double); any expressions, e.g. gap(avg(women), avg(men)) for a mean's gap.
create or replace macro gap(women, men) as women - men

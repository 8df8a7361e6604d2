"""When a schedule is flagged: the defaults of a plan's two thresholds (light, for the plan model)."""

GAP_WARNING = 0.05  # a gap above this fraction flags the schedule (the default; a plan's setting)
UNDER_WARNING = 0.02  # under-coverage above this share of the required hours flags the schedule (the default)

"""Pure domain rules: identity numbers, names, dates, the vaccine catalogue, the dose sequence.

Nothing in this package imports Qt or touches a database; every function takes plain values
(including "today" where it matters) and returns plain values, so each rule is testable alone.
"""

"""The rules of försörjningsstöd, one small module per concept with its legal source beside it.

Each rule is written once, over arrays, for one household or a million:
``amounts(ctx, acc)`` adds its öre to every household's totals and returns what it found, and
``rows(ctx, ids, found)`` explains one household from that, with the rule id, the legal
reference and the parameter version of each row (see ekb.norm.rulesets).
"""

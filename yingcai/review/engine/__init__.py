"""The reusable expert-review engine: plain Python, no database.

- `criteria`: the criteria of a round and the 第十一条 checks on their weights;
- `aggregation`: from score sheets to one score per candidate, a ranking and its reasons;
- `assignment`: which experts review which candidate, with the conflict-of-interest rules.

Limits (weight caps, the minimum number of scores for a trimmed mean, spread thresholds, experts
per candidate, the load cap) are parameters: they come from the versioned policy rules, never from
constants here. Ids of candidates and experts are whatever the caller uses (database ids in the
app); all ids of one kind must be of one orderable type, because ties are broken by id.
"""

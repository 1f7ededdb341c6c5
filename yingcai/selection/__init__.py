"""第三条: selecting leading talents — rounds, nominations, the expert pool, scoring and results.

The judging itself is the reusable engine in `yingcai.review.engine`; this app keeps its inputs and
outputs in the database and decides who may do what.
"""

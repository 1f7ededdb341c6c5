"""Expert review (第三条 selection, 第五条 competition, judged the 第十一条 way).

Only the database-free engine lives here for now (`yingcai.review.engine`); the Django app
(rounds, sheets, pages) will wrap it.
"""

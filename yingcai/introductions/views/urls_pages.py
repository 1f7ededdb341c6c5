"""Routes of the introduction pages (list, declare, detail, review, work periods, at-risk, channels)."""

urlpatterns: list = []

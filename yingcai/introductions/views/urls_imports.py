"""Routes of the Excel import and export of introductions and working periods."""

urlpatterns: list = []

app_name = "introductions"
urlpatterns: list = []

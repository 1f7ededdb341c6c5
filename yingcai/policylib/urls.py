app_name = "policylib"
urlpatterns: list = []

from yingcai.introductions.views import urls_imports, urls_pages

app_name = "introductions"
urlpatterns = [*urls_pages.urlpatterns, *urls_imports.urlpatterns]

from yingcai.selection.views import urls_approval, urls_expert, urls_materials, urls_office

app_name = "selection"
urlpatterns = [
    *urls_office.urlpatterns,
    *urls_expert.urlpatterns,
    *urls_approval.urlpatterns,
    *urls_materials.urlpatterns,
]

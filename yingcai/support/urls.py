from django.urls import path

from yingcai.support.views import entitlements, payments, tasks, totals

app_name = "support"
urlpatterns = [
    path("", entitlements.entitlement_list, name="list"),
    path("talents/<int:pk>/", entitlements.talent_support, name="talent"),
    path("talents/<int:pk>/leave-city/", entitlements.leave_city, name="leave-city"),
    path("entitlements/<int:pk>/confirm/", entitlements.confirm, name="confirm"),
    path("entitlements/<int:pk>/confirmation/", entitlements.reveal, name="reveal"),
    path("tasks/", tasks.task_list, name="tasks"),
    path("tasks/<int:pk>/decide/", tasks.decide, name="decide"),
    path("payments/", payments.register, name="payments"),
    path("instalments/<int:pk>/pay/", payments.pay, name="pay"),
    path("payments/<int:pk>/reverse/", payments.reverse, name="reverse"),
    path("totals/", totals.totals_page, name="totals"),
]

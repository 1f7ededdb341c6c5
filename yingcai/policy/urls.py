from django.urls import path

from yingcai.policy import views
from yingcai.policy.views import calculator, tiers

app_name = "policy"
urlpatterns = [
    path("", views.rule_list, name="rules"),
    path("tiers/", tiers.tier_list, name="tiers"),
    path("tiers/new/", tiers.new_tier, name="tier-new"),
    path("tiers/<str:code>/publish/", tiers.publish_tier, name="tier-publish"),
    path("items/new/", tiers.new_item, name="item-new"),
    path("items/<str:code>/publish/", tiers.publish_item, name="item-publish"),
    path("items/<str:code>/retire/", tiers.retire_item, name="item-retire"),
    path("calculator/", calculator.calculator, name="calculator"),
    path("calculator/talents/", calculator.talent_matches, name="calculator-talents"),
    path("<str:key>/publish/", views.publish, name="publish"),
    path("<str:key>/v<int:version>/approve/", views.approve, name="approve"),
    path("<str:key>/v<int:version>/withdraw/", views.withdraw, name="withdraw"),
]

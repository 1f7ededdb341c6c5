import factory
from factory.django import DjangoModelFactory

from yingcai.workdays.models import CalendarDay


class CalendarDayFactory(DjangoModelFactory):
    class Meta:
        model = CalendarDay

    is_workday = False
    name = "春节"
    note = factory.LazyAttribute(lambda o: f"{o.date:%Y}年放假安排")

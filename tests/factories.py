"""factory_boy factories with valid Chinese ID numbers and credit codes."""

import random

import factory
from factory.django import DjangoModelFactory

from yingcai.accounts.enums import Role
from yingcai.accounts.models import User
from yingcai.registry import demo
from yingcai.registry.domain.names import pinyin_keys
from yingcai.registry.enums import Education, JurisdictionKind, UnitKind
from yingcai.registry.models import Affiliation, Jurisdiction, Talent, Unit
from yingcai.registry.validators import id_number_facts

rng = random.Random(20261125)


class JurisdictionFactory(DjangoModelFactory):
    class Meta:
        model = Jurisdiction
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"测试县{n}")
    kind = JurisdictionKind.COUNTY


class DepartmentFactory(JurisdictionFactory):
    name = factory.Sequence(lambda n: f"测试主管部门{n}")
    kind = JurisdictionKind.DEPARTMENT


class UnitFactory(DjangoModelFactory):
    class Meta:
        model = Unit

    name = factory.Sequence(lambda n: f"平顶山测试科技有限公司{n}")
    credit_code = factory.LazyFunction(lambda: demo.credit_code(rng))
    kind = UnitKind.ENTERPRISE
    county = factory.SubFactory(JurisdictionFactory)


class TalentFactory(DjangoModelFactory):
    class Meta:
        model = Talent
        skip_postgeneration_save = True

    name = factory.LazyFunction(lambda: demo.person_name(rng))
    id_number = factory.LazyFunction(lambda: demo.id_number(rng))
    education = Education.DOCTORATE
    phone = factory.LazyFunction(lambda: demo.mobile(rng))
    name_pinyin = factory.LazyAttribute(lambda o: pinyin_keys(o.name)[0])
    name_initials = factory.LazyAttribute(lambda o: pinyin_keys(o.name)[1])
    birth_date = factory.LazyAttribute(lambda o: id_number_facts(o.id_number)[0])
    gender = factory.LazyAttribute(lambda o: id_number_facts(o.id_number)[1])

    @factory.post_generation
    def unit(self, create, extracted, **kwargs):
        """TalentFactory(unit=some_unit) links the talent to that unit as a current affiliation."""
        if create and extracted is not None:
            Affiliation.objects.create(talent=self, unit=extracted)


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"用户{n}")
    role = Role.TALENT_OFFICE
    password = factory.PostGenerationMethodCall("set_password", "Secret-pass-2026")

    @factory.post_generation
    def saved(self, create, extracted, **kwargs):
        if create:
            self.save()


def office_user(**kwargs) -> User:
    return UserFactory(role=Role.TALENT_OFFICE, **kwargs)


def jurisdiction_user(jurisdiction: Jurisdiction, **kwargs) -> User:
    return UserFactory(role=Role.JURISDICTION, jurisdiction=jurisdiction, **kwargs)


def unit_user(unit: Unit, **kwargs) -> User:
    return UserFactory(role=Role.UNIT, unit=unit, **kwargs)


def talent_user(talent: Talent, **kwargs) -> User:
    return UserFactory(role=Role.TALENT, talent=talent, **kwargs)


def expert_user(**kwargs) -> User:
    return UserFactory(role=Role.EXPERT, **kwargs)


def system_admin_user(**kwargs) -> User:
    return UserFactory(role=Role.SYSTEM_ADMIN, **kwargs)


def security_admin_user(**kwargs) -> User:
    return UserFactory(role=Role.SECURITY_ADMIN, **kwargs)


def audit_admin_user(**kwargs) -> User:
    return UserFactory(role=Role.AUDIT_ADMIN, **kwargs)

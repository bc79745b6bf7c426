"""casetracker's factories for tests (courts, cases, parties, counsel, users, memberships):
build what a test needs, nothing more."""

import datetime as dt

import factory

from casetracker.models import (
    Attorney,
    Case,
    CaseMembership,
    Court,
    Party,
    Representation,
    Role,
    User,
)


class CourtFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Court
        django_get_or_create = ("cmecf_code",)

    name = "United States District Court for the District of Columbia"
    cmecf_code = "dcd"
    time_zone = "America/New_York"
    holiday_subdivision = "DC"


class CaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Case

    court = factory.SubFactory(CourtFactory)
    docket_number = factory.Sequence(lambda n: f"1:26-cv-{n:05d}")
    caption = factory.Sequence(lambda n: f"Demo Plaintiff {n} v. Demo Agency")
    short_name = factory.Sequence(lambda n: f"Demo {n} v. Agency")
    slug = factory.Sequence(lambda n: f"demo-{n}")
    judge = "Demo Judge"
    date_filed = dt.date(2026, 1, 5)
    is_demo = True


class PartyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Party

    case = factory.SubFactory(CaseFactory)
    name = factory.Sequence(lambda n: f"Party {n}")
    side = Party.Side.PLAINTIFF
    kind = Party.Kind.ORGANISATION


class AttorneyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attorney

    name = factory.Sequence(lambda n: f"Attorney {n}")
    organisation = "Demo Law Office"
    # A complete FRCP 11(a) / LCvR 5.1 signature block, so factory counsel can file.
    bar_number = factory.Sequence(lambda n: f"{100000 + n}")
    address = "1 Demo Street NW\nWashington, DC 20001"
    email = factory.Sequence(lambda n: f"attorney{n}@example.org")
    phone = "(202) 555-0199"


class RepresentationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Representation

    attorney = factory.SubFactory(AttorneyFactory)
    party = factory.SubFactory(PartyFactory)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", "pw-for-tests-1")

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CaseMembership

    user = factory.SubFactory(UserFactory)
    case = factory.SubFactory(CaseFactory)
    role = Role.ATTORNEY

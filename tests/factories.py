"""Test data. Towns are made through the service, because a town without its schema is not a town."""

from __future__ import annotations

import factory
from factory.django import DjangoModelFactory

from accounts.models import User
from tenants.models import District, FederalState


class UserFactory(DjangoModelFactory[User]):
    class Meta:
        model = User
        django_get_or_create = ("email",)

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Faker("name", locale="de_DE")
    password = factory.django.Password("correct horse battery staple")


class DistrictFactory(DjangoModelFactory[District]):
    class Meta:
        model = District

    name = factory.Sequence(lambda n: f"Testkreis {n}")
    slug = factory.Sequence(lambda n: f"testkreis-{n}")
    key = factory.Sequence(lambda n: f"059{n:02d}")
    federal_state = FederalState.NORDRHEIN_WESTFALEN

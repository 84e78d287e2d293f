from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "probity.people"
    label = "people"

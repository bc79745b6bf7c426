from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "casetracker.api"
    label = "api"  # the app label keeps its table and migration
    verbose_name = "REST API"

from django.apps import AppConfig


class DocketConfig(AppConfig):
    name = "docket"
    verbose_name = "Docket, filings and administrative record"

from django.apps import AppConfig


class DocketConfig(AppConfig):
    name = "docket"
    verbose_name = "Docket, filings and administrative record"

    def ready(self):
        from .entries import cache  # noqa: F401 - connects the docket-version receivers

from django.apps import AppConfig


class CasetrackerConfig(AppConfig):
    name = "casetracker"
    verbose_name = "Cases, courts and people"

    def ready(self):
        # Load the Celery app with Django so @shared_task .delay() uses its broker settings.
        from . import cache_tokens, celery  # noqa: F401 - cache_tokens connects its receivers

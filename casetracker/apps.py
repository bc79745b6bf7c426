from django.apps import AppConfig


class CasetrackerConfig(AppConfig):
    name = "casetracker"
    verbose_name = "Cases, courts and people"

    def ready(self):
        # Load the Celery app with Django so @shared_task .delay() uses its broker settings.
        # cache_tokens and authentication connect their receivers (the cached signed-in user
        # must be dropped by a save in any process: web, worker, management command).
        from . import authentication, cache_tokens, celery  # noqa: F401

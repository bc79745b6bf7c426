from django.apps import AppConfig


class NoticesConfig(AppConfig):
    name = "notices"
    verbose_name = "Deadlines, notice windows and reminders"

    def ready(self):
        from . import signals  # noqa: F401 - connects the receivers
        from .reminders import feed_cache  # noqa: F401 - connects the receivers

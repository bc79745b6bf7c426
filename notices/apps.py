from django.apps import AppConfig


class NoticesConfig(AppConfig):
    name = "notices"
    verbose_name = "Deadlines, notice windows and reminders"

    def ready(self):
        from . import feed_cache, signals  # noqa: F401 - connects the receivers

from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "docket.search"
    label = "search"  # the app label keeps its tables and migrations
    verbose_name = "Full-text search"

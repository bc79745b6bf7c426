from django.apps import AppConfig


class IngestConfig(AppConfig):
    name = "docket.ingest"
    label = "ingest"  # the app label keeps its tables and migrations
    verbose_name = "Feeds and inbound NEFs"

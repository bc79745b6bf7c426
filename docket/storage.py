"""Content-addressed storage for documents: the path is derived from the file's sha256, so the
same bytes always land at the same path and are stored once."""

from django.core.files.storage import FileSystemStorage


class ContentAddressedStorage(FileSystemStorage):
    def get_available_name(self, name, max_length=None):
        """Same name means same content: reuse it instead of inventing `name_abc123.pdf`."""
        return name

    def _save(self, name, content):
        if self.exists(name):
            return name
        return super()._save(name, content)  # type: ignore[misc]  # not in django-stubs


def content_addressed_storage():
    return ContentAddressedStorage()

"""An e-mail backend that hangs before writing, so a test can kill a worker mid-send.
Used only by the live Celery tests (EMAIL_BACKEND=tests.notices.slow_mail.SlowEmailBackend)."""

import os
import time

from django.core.mail.backends.filebased import EmailBackend


class SlowEmailBackend(EmailBackend):
    def send_messages(self, email_messages):
        time.sleep(float(os.environ.get("SLOW_MAIL_SECONDS", "60")))
        return super().send_messages(email_messages)

"""Production settings: secure cookies, HSTS, HTTPS redirect (values read in a subprocess)."""

import json

from .test_settings import run_manage

PROD_ENV = {
    "DJANGO_SETTINGS_MODULE": "casetracker.settings.production",
    "SECRET_KEY": "p9-" + "Zx8Kq2Lm7Nv4Bc1Df6Gh3Jk0Pw5Rt9Ys2Ue8Io4Ap7Sd1Fg6Hj3",
    "ALLOWED_HOSTS": "tracker.example.org",
}


def test_production_cookies_and_hsts():
    code = (
        "import json; from django.conf import settings as s; print(json.dumps({k: getattr(s, k) "
        "for k in ['SESSION_COOKIE_SECURE','CSRF_COOKIE_SECURE','SECURE_HSTS_SECONDS',"
        "'SECURE_SSL_REDIRECT','DEBUG','SESSION_COOKIE_HTTPONLY']}))"
    )
    result = run_manage("shell", "-c", code, env_extra=PROD_ENV)
    values = json.loads(result.stdout.strip().splitlines()[-1])
    assert values == {
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_SSL_REDIRECT": True,
        "DEBUG": False,
        "SESSION_COOKIE_HTTPONLY": True,
    }

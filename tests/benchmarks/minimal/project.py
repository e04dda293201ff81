"""The bench's second reference: a bare view in a minimal Django project, as `startproject` makes one.

Someone comparing frameworks measures Django like this: the default middleware and nothing else (no
locale, no CSP, no page cache, no security headers of the portal's own). `make bench` serves it with
gunicorn beside the portal and reports each page against both references. It needs no database:
no view here touches the session or the user, so the default middleware reads nothing.
"""

from django.http import HttpResponse
from django.urls import path

SECRET_KEY = "minimal-bench-project-only"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = __name__
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]
# Django 5.2's `startproject` middleware, unchanged.
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
USE_TZ = True


def bare_bytes(request, size):
    return HttpResponse(b"x" * min(size, 50_000_000), content_type="text/html; charset=utf-8")


def healthz(request):
    return HttpResponse(b"ok")


urlpatterns = [
    path("bare/<int:size>/", bare_bytes),
    path("healthz", healthz),
]

# gunicorn serves `tests.benchmarks.minimal.project:application`.
if __name__ != "__main__":
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", __name__)
    from django.core.wsgi import get_wsgi_application

    application = get_wsgi_application()

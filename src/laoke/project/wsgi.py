import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "laoke.project.settings")
application = get_wsgi_application()

from laoke.platform.heap import settle  # noqa: E402  (after Django is set up)

settle()

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kreisagenda.settings.production")

application = get_wsgi_application()

from kreisagenda.warmup import heap_freeze, warm_up  # noqa: E402 - needs the apps that get_wsgi_application set up

warm_up()  # while the worker boots, not in its first request (D116)
heap_freeze()  # last: what the worker keeps for its life is no longer walked by the collector (D121)

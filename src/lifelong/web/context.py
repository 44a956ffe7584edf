from django.conf import settings

from lifelong import ESCO_ATTRIBUTION, __version__


def site(request):
    return {
        "ESCO_ATTRIBUTION": ESCO_ATTRIBUTION,
        "APP_VERSION": __version__,
        "LANGUAGES": settings.LANGUAGES,
    }

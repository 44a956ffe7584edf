from django.conf import settings

from lifelong import ESCO_ATTRIBUTION, __version__

from .menus import menu_for


def site(request):
    return {
        "ESCO_ATTRIBUTION": ESCO_ATTRIBUTION,
        "APP_VERSION": __version__,
        "LANGUAGES": settings.LANGUAGES,
        "MENU": _menu(request),
    }


def _menu(request):
    user = getattr(request, "user", None)
    return menu_for(user) if user is not None else []

from django.conf import settings

from lifelong import ESCO_ATTRIBUTION, __version__


def site(request):
    return {
        "ESCO_ATTRIBUTION": ESCO_ATTRIBUTION,
        "APP_VERSION": __version__,
        "LANGUAGES": settings.LANGUAGES,
        "MENU": _menu(request),
    }


def _menu(request):
    from .menus import menu_for

    user = getattr(request, "user", None)
    return menu_for(user) if user is not None else []

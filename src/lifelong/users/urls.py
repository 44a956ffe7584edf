from django.conf import settings
from django.contrib.auth import views as auth_views
from django.urls import path

from . import oidc, registration
from .forms import EmailLoginForm


class SignInView(auth_views.LoginView):
    """The login page: e-mail and password, and the digital key when OpenID Connect is configured."""

    template_name = "users/login.html"
    authentication_form = EmailLoginForm

    def get_context_data(self, **kwargs):
        return super().get_context_data(oidc_enabled=settings.OIDC_ENABLED,
                                        oidc_failed="digitale-sleutel" in self.request.GET, **kwargs)


app_name = "users"
# ``users:register`` (registreren/) and ``users:profile`` (profiel/) make the account's person: people's pages
# (people/registration.py), mounted in this namespace under /account/ by config/urls.py.
urlpatterns = [
    path("login/", SignInView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("bevestigen/<str:uidb64>/<str:token>/", registration.verify, name="verify"),
    path("digitale-sleutel/", oidc.start, name="oidc_start"),  # 404 unless OIDC is configured
    path("digitale-sleutel/terug/", oidc.callback, name="oidc_callback"),
]

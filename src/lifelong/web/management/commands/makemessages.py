"""`makemessages` that also extracts ``_ok``/``_no`` (accounts/engine.py) and ``N_`` (gettext_noop).

The rights engine stays free of Django: its reasons are Dutch templates passed to ``_ok("...")`` and
``_no("...")`` and translated by the web layer. ``N_`` is the usual short name for ``gettext_noop``
(``from django.utils.translation import gettext_noop as N_``). xgettext only finds literals in calls
it knows, so these names are added as keywords here.
"""

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    xgettext_options = [*makemessages.Command.xgettext_options, "--keyword=_ok", "--keyword=_no", "--keyword=N_"]

"""`makemessages` that also extracts the learning-rights reasons (``_ok``/``_no`` in accounts/engine.py).

The rights engine stays free of Django: its reasons are Dutch templates passed to ``_ok("...")`` and
``_no("...")`` and translated by the web layer. xgettext only finds literals in calls it knows, so
those two helpers are added as keywords here.
"""

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    xgettext_options = [*makemessages.Command.xgettext_options, "--keyword=_ok", "--keyword=_no"]

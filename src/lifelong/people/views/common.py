"""What the career platform's pages share: who may see them, the reader's language, the levels, a
refusal shown as a message."""

from __future__ import annotations

from django.contrib import messages
from django.utils.translation import get_language

from lifelong.taxonomy.models import Concept
from lifelong.taxonomy.selectors import label_of
from lifelong.users.models import Role

from .. import selectors
from ..models import Mastery

LEARNER = (Role.LEARNER,)
GUIDES = (Role.COUNSELLOR, Role.BRIDGE, Role.EMPLOYER)


def lang() -> str:
    return (get_language() or "nl")[:2]


def levels():
    return [(m.value, m.label, selectors.MASTERY_EXAMPLES[m]) for m in Mastery]


def picked(request):
    """The concept chosen before a form came back with an error: shown again, so nothing entered is lost."""

    concept = Concept.objects.filter(uri=request.POST.get("uri", "")).first() if request.method == "POST" else None
    return {"uri": concept.uri, "label": label_of(concept, lang())} if concept else None


def refused(request, exc):
    messages.error(request, str(exc))

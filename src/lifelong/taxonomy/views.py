from django.http import Http404
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from .models import ConceptType
from .selectors import concept_detail, search_concepts, taxonomy_stats


def _kind(request) -> str:
    return ConceptType.OCCUPATION if request.GET.get("type") == "occupation" else ConceptType.SKILL


def search(request):
    """The search page; with ``HX-Request`` only the result list (search as you type)."""
    query = request.GET.get("q", "").strip()[:200]
    kind = _kind(request)
    results = search_concepts(query, language=get_language(), limit=20, concept_type=kind) if query else []
    context = {"query": query, "kind": kind, "results": results}
    if request.headers.get("HX-Request"):
        return render(request, "taxonomy/_results.html", context)
    return render(request, "taxonomy/search.html", context)


def detail(request):
    uri = request.GET.get("uri", "")
    data = concept_detail(uri, get_language())
    if data is None:
        raise Http404(_("Onbekend ESCO-begrip"))
    return render(request, "taxonomy/detail.html", {"d": data})


def stats(request):
    """What the competence language holds, for analysts: concepts, names per language, Competent links."""
    data = taxonomy_stats()
    rows = [(lang, counts, counts["skills"] * 100 / max(data["skills"], 1)) for lang, counts in data["labels"].items()]
    return render(request, "taxonomy/stats.html", {"stats": data, "rows": rows})

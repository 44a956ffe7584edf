"""Pages of mobilisation: segments and campaigns for the secretariat (and readers), the tracked link,
and the demo's inbox. Thin: every write through the services."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from lifelong.guidance.models import GUIDE_ROLES
from lifelong.people.selectors import person_of
from lifelong.users.models import Role

from . import rules, selectors, services
from .forms import CampaignForm, PreferenceForm, SegmentForm
from .models import Campaign, MailboxMessage, Segment
from .permissions import can_read


def _reader(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not can_read(request.user):
        raise PermissionDenied(_("Alleen het secretariaat, analisten en het partnerschap zien de mobilisatie."))
    return None


def _composer(request) -> bool:
    return request.user.is_superuser or request.user.role == Role.SECRETARIAT


def home(request):
    if (refusal := _reader(request)) is not None:
        return refusal
    segment_form = SegmentForm(request.POST or None, prefix="seg") if _composer(request) else None
    campaign_form = CampaignForm(request.POST or None, prefix="cmp") if _composer(request) else None
    if request.method == "POST":
        if not _composer(request):
            raise PermissionDenied
        try:
            if "seg-code" in request.POST and segment_form.is_valid():
                d = segment_form.cleaned_data
                services.save_segment(actor=request.user, code=d["code"], name=d["name"], rule=d["rule"],
                                      source=d["source"], low_literacy=d["low_literacy"])
                messages.success(request, _("Het segment is bewaard."))
                return redirect("mobilisation:home")
            if "cmp-name" in request.POST and campaign_form.is_valid():
                d = campaign_form.cleaned_data
                campaign = services.create_campaign(
                    actor=request.user, segment=d["segment"], name=d["name"], call_to_action=d["call_to_action"],
                    messages=campaign_form.messages(), holdout_permille=d["holdout_percent"] * 10,
                    kind=d.get("kind") or "campaign")
                return redirect("mobilisation:campaign", campaign_id=campaign.pk)
        except services.Refused as exc:
            (segment_form if "seg-code" in request.POST else campaign_form).add_error(None, exc.reason)
    return render(request, "mobilisation/home.html", {
        "sizes": selectors.segment_sizes(), "campaigns": Campaign.objects.select_related("segment"),
        "segment_form": segment_form, "campaign_form": campaign_form, "small": selectors.SMALL_CELL,
        "notices": selectors.notice_summary(),
    }, status=400 if request.method == "POST" else 200)


def segment(request, segment_id: int):
    if (refusal := _reader(request)) is not None:
        return refusal
    seg = get_object_or_404(Segment, pk=segment_id)
    return render(request, "mobilisation/segment.html", {
        "segment": seg, "size": selectors.members(seg).count(), "composition": selectors.composition(seg),
        "small": selectors.SMALL_CELL})


def campaign(request, campaign_id: int):
    if (refusal := _reader(request)) is not None:
        return refusal
    c = get_object_or_404(Campaign.objects.select_related("segment"), pk=campaign_id)
    return render(request, "mobilisation/campaign.html", {
        "campaign": c, "reach": selectors.reach(c), "reasons": selectors.skip_reasons(c),
        "can_send": _composer(request)})


def send(request, campaign_id: int):
    if (refusal := _reader(request)) is not None:
        return refusal
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    c = get_object_or_404(Campaign, pk=campaign_id)
    try:
        services.start_sending(actor=request.user, campaign=c)
        messages.success(request, _("De campagne wordt verstuurd."))
    except services.Refused as exc:
        messages.error(request, exc.reason)
    return redirect("mobilisation:campaign", campaign_id=c.pk)


def schedule(request, campaign_id: int):
    """Send the campaign later: from the chosen local date and time, the worker picks it up."""
    if (refusal := _reader(request)) is not None:
        return refusal
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    c = get_object_or_404(Campaign, pk=campaign_id)
    at = parse_datetime(request.POST.get("at", "") or "")
    try:
        if at is None:
            raise services.Refused(_("Kies een datum en een uur."))
        if timezone.is_naive(at):
            at = timezone.make_aware(at)
        services.schedule_sending(actor=request.user, campaign=c, at=at)
        messages.success(request, _("De campagne wordt verstuurd vanaf %(at)s.") % {
            "at": date_format(timezone.localtime(at), "j F Y H:i")})
    except services.Refused as exc:
        messages.error(request, exc.reason)
    return redirect("mobilisation:campaign", campaign_id=c.pk)


def _guide(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if request.user.role not in GUIDE_ROLES:
        raise PermissionDenied(_("Alleen brugfiguren en loopbaanbegeleiders krijgen taken om een bericht door te geven."))
    return None


def tasks(request):
    """'Through my bridge figure': the messages a guide passes on in person, open ones first."""
    if (refusal := _guide(request)) is not None:
        return refusal
    return render(request, "mobilisation/tasks.html", {"tasks": selectors.tasks_of(request.user)})


def task_done(request, task_id: int):
    if (refusal := _guide(request)) is not None:
        return refusal
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if services.mark_task_done(guide=request.user, task_id=task_id) is None:
        raise Http404(_("Deze taak bestaat niet of is niet voor jou."))
    messages.success(request, _("Doorgegeven: de taak is afgevinkt."))
    return redirect("mobilisation:tasks")


def my_messages(request):
    """A learner's own wishes: channel, phone, quiet hours, opt-out per kind, consent where it is needed."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    person = person_of(request.user)
    if request.user.role != Role.LEARNER or person is None:
        raise PermissionDenied(_("Deze pagina is voor lerenden met een leerrekening."))
    current = selectors.preference_of(person)
    form = PreferenceForm(request.POST or None, kinds=rules.KINDS, initial=current)
    if request.method == "POST" and form.is_valid():
        try:
            services.set_preference(person=person, no_email=current.get("no_email", False), **form.cleaned_data)
            messages.success(request, _("Je keuzes zijn bewaard."))
            return redirect("mobilisation:my_messages")
        except services.Refused as exc:
            form.add_error(None, exc.reason)
    return render(request, "mobilisation/my_messages.html", {"form": form, "rules": rules},
                  status=400 if request.method == "POST" else 200)


def letters(request, campaign_id: int):
    if (refusal := _reader(request)) is not None:
        return refusal
    if not _composer(request):
        raise PermissionDenied
    c = get_object_or_404(Campaign, pk=campaign_id)
    response = HttpResponse(services.letters_pdf(c), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="brieven-campagne-{c.pk}.pdf"'
    return response


def notice_letters(request):
    """The print batch of the account's notices sent as a letter (the last 14 days)."""
    if (refusal := _reader(request)) is not None:
        return refusal
    if not _composer(request):
        raise PermissionDenied
    response = HttpResponse(services.notice_letters_pdf(), content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="brieven-meldingen.pdf"'
    return response


def follow(request, token: str):
    """The tracked link in a message: count the opening, then go to the call to action."""
    delivery = services.record_open(token)
    if delivery is None:
        raise Http404(_("Deze link kennen we niet (meer)."))
    return redirect(services.CALL_TO_ACTION_PATH[delivery.campaign.call_to_action])


def inbox(request):
    """The demo's mailbox (DEBUG only): what the demo sent, as the recipients would read it."""
    if not settings.DEBUG:
        raise Http404
    return render(request, "mobilisation/inbox.html", {"mails": MailboxMessage.objects.all()[:200]})

"""Background job: send a campaign (the task imports its service, never the reverse)."""

from __future__ import annotations

from django_tasks import task


@task()
def send_campaign_task(campaign_id: int) -> dict:
    from .models import Campaign
    from .services import send_campaign

    return send_campaign(Campaign.objects.get(pk=campaign_id))

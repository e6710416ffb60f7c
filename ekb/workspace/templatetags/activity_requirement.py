"""The activity-requirement section of the case page, with its own data, so the case page only
includes it (ekb.workspace.activity has the page)."""

from django import template
from django.utils import timezone

register = template.Library()


@register.inclusion_tag("workspace/_activity_section.html")
def activity_requirement_section(case):
    from ekb.plans.activity import status_now

    return {"case": case, "status": status_now(case, timezone.localdate())}

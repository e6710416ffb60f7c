"""The activity-requirement section of the case page, with its own data, so the case page only
includes it (ekb.workspace.activity has the page)."""

from django import template
from django.utils import timezone

register = template.Library()


@register.inclusion_tag("workspace/_activity_section.html")
def activity_requirement_section(case):
    from ekb.lib.months import next_month_start
    from ekb.plans.activity import activity_requirement_status

    return {
        "case": case,
        "status": activity_requirement_status(case, next_month_start(timezone.localdate())),
    }

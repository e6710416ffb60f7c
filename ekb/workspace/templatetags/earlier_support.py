"""The earlier-support section of the case page, with its own data, so the case page only
includes it (ekb.workspace.support_history)."""

from django import template

register = template.Library()


@register.inclusion_tag("workspace/_earlier_support.html", takes_context=True)
def earlier_support_section(context, case):
    from ekb.workspace.support_history import section_context

    values = section_context(case)
    values["csrf_token"] = context.get("csrf_token")
    return values

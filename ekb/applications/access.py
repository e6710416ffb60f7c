"""Staff doors to applications and their lines: 404 for missing and not-yours alike, every read
logged."""

from __future__ import annotations

from ekb.applications.models import Application, ApplicationLine, Attachment
from ekb.audit.models import Action, Channel
from ekb.cases.access import access_via_case


def access_application_by_id(user, application_id, *, action=Action.OPEN_CASE, channel=Channel.WEB):
    return access_via_case(user, Application, application_id, action=action, channel=channel)


def access_line_by_id(user, line_id, *, action=Action.CHANGE_CALCULATION, channel=Channel.WEB):
    return access_via_case(
        user,
        ApplicationLine,
        line_id,
        action=action,
        channel=channel,
        case_path="application__case",
    )


def access_attachment_by_id(user, attachment_id, *, action=Action.OPEN_CASE, channel=Channel.WEB):
    return access_via_case(user, Attachment, attachment_id, action=action, channel=channel)

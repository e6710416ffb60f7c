"""The meetings room's models: the meeting and its record, the monthly target and a case's own
interval (meeting.py); what the client and the colleagues see of it, phone hours and logged calls
(contact.py)."""

from ekb.meetings.models.contact import (
    CalendarFeed,
    ContactDirection,
    ContactKind,
    ContactLog,
    MeetingMoveRequest,
    PhoneHours,
    Weekday,
)
from ekb.meetings.models.meeting import Meeting, MeetingFrequency, MeetingTarget

__all__ = [
    "CalendarFeed",
    "ContactDirection",
    "ContactKind",
    "ContactLog",
    "Meeting",
    "MeetingFrequency",
    "MeetingMoveRequest",
    "MeetingTarget",
    "PhoneHours",
    "Weekday",
]

"""The meetings room's models: the meeting and its record (meeting.py); what the client and the
colleagues see of it, phone hours and logged calls (contact.py)."""

from ekb.meetings.models.meeting import Meeting

__all__ = ["Meeting"]

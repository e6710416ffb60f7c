"""Meetings with the client: booked, held or missed (FAS: about one a month)."""

"""Deciding: the calculation snapshot, warnings, register proposals, the decision and its lines under the delegation order, the letter, notification and appeals."""

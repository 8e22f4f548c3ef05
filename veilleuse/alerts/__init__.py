"""The safety network: members, reports, moderation, alerts, delivery channels, number check,
legal cases, statistics.
"""

"""Announcement subscriptions, the run ledger that makes every post exactly once, and what the feeds read.

Owns the announcement tables' repository and service.
"""

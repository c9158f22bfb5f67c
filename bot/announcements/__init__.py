"""Scheduled announcements at run time: schedules, scheduler jobs, exactly-once delivery, the feeds.

Owns everything between a subscription row and a posted message.
"""

"""Squads in the database: seats, sign-ups, waitlists, posts, and the service locking each squad per change.

Owns the squad tables' repository, records and the sign-up rules.
"""

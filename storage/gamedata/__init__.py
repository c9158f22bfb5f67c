"""Game-data snapshots per game build in the database, and the service that keeps the current one.

Owns refreshing from the GW2 API, build tracking and the stored diffs.
"""

"""The immutable game-data snapshot of one game build: typed records, look-ups and diffs between builds.

Owns reading API-shaped JSON and the bundled offline snapshot.
"""

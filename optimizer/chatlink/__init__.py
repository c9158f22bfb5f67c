"""Guild Wars 2 chat links: finding, decoding and encoding build-template and item links.

Owns the byte layouts, their JSON and text forms, and the checks of a decoded build against game data.
"""

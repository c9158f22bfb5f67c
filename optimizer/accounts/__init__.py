"""A character from the GW2 API in the optimizer's terms: build tabs as chat codes, equipment tabs as gear.

Owns the mapping of account data to builds and gear; fetching it is storage's job.
"""

"""Builds as members describe them: bundled templates and requests turned into scenarios.

Owns build identity (profession and specialization of a chat code) and the template catalogue.
"""

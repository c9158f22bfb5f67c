"""The build store: saved builds, their gear, and the service that decodes and checks codes on save.

Owns the build tables' repository and its records.
"""

"""The shared async optimizer and how its results look in Discord.

Owns the worker-pool search service with its cache, the worker entry points and the result embeds.
"""

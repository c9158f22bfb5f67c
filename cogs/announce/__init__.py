"""/announce: subscribe channels to the meta digest, game updates and squad reminders.

Holds the cog.
"""

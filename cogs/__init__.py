"""Slash-command cogs: parse an interaction, call a service, render a reply."""

"""The runtime: settings, the bot and its services, error handling, shared UI, the `gw2opt` command line."""

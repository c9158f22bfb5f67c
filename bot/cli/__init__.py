"""The gw2opt command line: the bot, the database, commands, and the engine without Discord.

Each subcommand group lives in its own module and registers itself with the parser.
"""

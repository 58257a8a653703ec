"""What both sides (the station and the call center) share: the user-facing error, logs, the
command-line shape, the support zip's common parts, peewee fields, the version. Imports nothing
of the product."""

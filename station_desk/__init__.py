"""The composition root: the `station-app` command line, its sub-commands and the demo. It may
import every package; no package imports it."""

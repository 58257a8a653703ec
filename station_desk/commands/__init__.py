"""The `station-app` sub-commands, one module each (imported lazily by the command line)."""

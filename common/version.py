"""The product's version, one place: the package metadata, `--version`, the About dialog and the
support zip all read it (a frozen bundle has no package metadata to ask)."""

VERSION = "0.1.0"

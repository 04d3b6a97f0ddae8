"""Tests of the individual filters (a package, so their names may repeat top-level test names)."""

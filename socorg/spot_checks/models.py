"""Models of the spot_checks app."""

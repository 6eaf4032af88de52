"""Models of the illegal app."""

"""Models of the matters app."""

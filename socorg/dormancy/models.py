"""Models of the dormancy app."""

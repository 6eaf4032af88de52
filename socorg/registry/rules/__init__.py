"""Pure registry rules: codes, identity numbers, lifecycle. No Django import."""

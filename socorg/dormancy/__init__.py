"""Dormant (僵尸型) organizations: risk score and exit cases. Pure rules only for now."""

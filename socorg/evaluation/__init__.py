"""Level evaluation (等级评估, 1A–5A). Pure rules only for now."""

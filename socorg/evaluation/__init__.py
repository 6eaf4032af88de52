"""Level evaluation (等级评估, 1A–5A): rounds, eligibility, experts and recusal, scores, levels and their validity, the public notice and objections, expiry reminders."""

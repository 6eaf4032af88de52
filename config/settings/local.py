from .base import *

DEBUG = True

# The demo district holds annual reports from report year 2024 on: earlier years were on paper,
# so the credit rules must not read their absence as missed reports (trigger A1).
CREDIT_REPORT_FIRST_YEAR = int(env("CREDIT_REPORT_FIRST_YEAR", "2024")) or None

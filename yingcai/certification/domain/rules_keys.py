"""The policy rules (data/policy/rules.csv) certification reads, by key."""

PUBLICITY_WORKING_DAYS = "certification.publicity_working_days"
NEW_TALENT_WINDOW_YEARS = "certification.new_talent_window_years"
VALIDITY_YEARS = "certification.validity_years"

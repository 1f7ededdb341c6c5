"""The policy rules (data/policy/rules.csv) certification reads, by key."""

PUBLICITY_WORKING_DAYS = "certification.publicity_working_days"
NEW_TALENT_WINDOW_YEARS = "certification.new_talent_window_years"
VALIDITY_YEARS = "certification.validity_years"
# How long each review step may take, in working days (read by the review queues, 第十四条).
REVIEW_COUNTY_MAX_WORKING_DAYS = "review.certification_county_max_working_days"
REVIEW_OFFICE_MAX_WORKING_DAYS = "review.certification_office_max_working_days"

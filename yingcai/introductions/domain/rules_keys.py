"""Keys of the policy rules (yingcai.policy) that introductions apply. Values live in the rules data."""

FULL_TIME_MIN_CONTRACT_YEARS = "introduction.full_time_min_contract_years"  # 第七条
FLEXIBLE_MIN_DAYS_PER_YEAR = "introduction.flexible_min_days_per_year"  # 第八条
FLEXIBLE_PRORATE_PARTIAL_YEAR = "introduction.flexible_prorate_partial_year"  # 第八条, 第十四条
FLEXIBLE_REMINDER_FROM_MONTH = "introduction.flexible_reminder_from_month"  # 第八条
FULL_TIME_TRANSFER_MAX_FUTURE_DAYS = "introduction.full_time_transfer_max_future_days"  # 第七条
# How long each review step may take, in working days (read by the review queues, 第十四条).
REVIEW_COUNTY_MAX_WORKING_DAYS = "review.introduction_county_max_working_days"
REVIEW_OFFICE_MAX_WORKING_DAYS = "review.introduction_office_max_working_days"

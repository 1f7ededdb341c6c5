"""Keys of the policy rules (yingcai.policy) that selection applies. Values live in the rules data."""

MAX_SINGLE_CRITERION_WEIGHT = "selection.max_single_criterion_weight"  # 第十一条, percent
MAX_COUNT_CRITERIA_WEIGHT = "selection.max_count_criteria_weight"  # 第十一条, percent
TRIM_MIN_SCORES = "selection.trim_min_scores"  # 第十一条
NATIONAL_TASK_ELIGIBLE = "selection.national_task_eligible"  # 第三条: do 国家级 tasks count too (1) or not (0)
PUBLICITY_WORKING_DAYS = "selection.publicity_working_days"  # 第三条 (公示), applied by the publicity step

# Looked up when a round is set up and kept on the round (SelectionRound.rules).
ROUND_RULES = (MAX_SINGLE_CRITERION_WEIGHT, MAX_COUNT_CRITERIA_WEIGHT, TRIM_MIN_SCORES)
# How long the office's formal check may take, in working days (read by the review queue, 第十四条).
REVIEW_CHECK_MAX_WORKING_DAYS = "review.nomination_check_max_working_days"

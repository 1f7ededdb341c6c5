"""Masking of personal data in lists, exports and API answers (SPEC.md: masked unless allowed)."""


def mask_middle(value: str, *, head: int = 4, tail: int = 4) -> str:
    """Keep the first `head` and last `tail` characters; a value too short to keep any is all stars."""
    if len(value) < head + tail + 2:
        return "*" * len(value)
    return f"{value[:head]}{'*' * (len(value) - head - tail)}{value[-tail:]}"


def mask_id_number(value: str) -> str:
    return mask_middle(value)


def mask_phone(value: str) -> str:
    if len(value) < 7:
        return "*" * len(value)
    return f"{value[:3]}****{value[-4:]}"


def mask_name(name: str) -> str:
    """For the public (a certificate's verification page): 张三 → 张*, 张小明 → 张*明, 欧阳小明 → 欧**明 —
    enough to recognise, not to identify."""
    if len(name) <= 1:
        return name
    if len(name) == 2:
        return f"{name[0]}*"
    return f"{name[0]}{'*' * (len(name) - 2)}{name[-1]}"

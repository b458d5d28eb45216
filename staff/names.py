"""How staff are named to each other: by their full name, the login name only when no name is given."""

import re

_CJK = re.compile(r"[\u3400-\u9fff]")


def full_name(user) -> str:
    """'王芳' for a Chinese name (family name first, no space), 'Fang Wang' otherwise; "" when none is given."""
    first, last = user.first_name.strip(), user.last_name.strip()
    if _CJK.search(first + last):
        return f"{last}{first}"
    return " ".join(part for part in (first, last) if part)


def staff_name(user) -> str:
    """The full name; the username when the account has no name; "" for no one."""
    if user is None:
        return ""
    return full_name(user) or user.get_username()


def staff_choice_label(user) -> str:
    """For a choice list: the full name with the login name beside it, so two 王芳 stay apart."""
    name = full_name(user)
    return f"{name} ({user.get_username()})" if name else user.get_username()

"""Numbers written the Indonesian way in messages and cells: a dot per thousand."""


def ribuan(value: int) -> str:
    """``92118`` → ``"92.118"`` (for messages built in Python; templates use ``intcomma``)."""
    return f"{value:,}".replace(",", ".")

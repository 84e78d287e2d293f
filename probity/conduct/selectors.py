"""Reads of council policy."""

from __future__ import annotations

from probity.conduct.models import CouncilPolicy

DEFAULT_GIFT_GUIDANCE = (
    "Declare every gift or hospitality you are offered because of your work, whether you accept "
    "it or turn it down. There is no value below which you need not declare: the only exception "
    "is something of token value, such as a pen, a diary or a calendar. If you are unsure whether "
    "something is of token value, declare it.\n\n"
    "Think before you accept. Turn down anything offered by someone who is bidding for council "
    "work, has an application in front of the council, or could gain from a decision you take."
)


def policy_current() -> CouncilPolicy:
    """The council's policy, or the defaults when it has never been set."""
    policy = CouncilPolicy.objects.select_related("updated_by").order_by("pk").first()
    if policy is None:
        return CouncilPolicy(gift_guidance=DEFAULT_GIFT_GUIDANCE)
    return policy

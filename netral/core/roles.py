"""Where a user's role comes from.

An admin *assigns* a role and unit (the user form). Other apps may *derive* one on top of it:
task-force membership grants Tim Pengawas (netral.pledges, `DerivedRole`, docs/pledges.md). The
user form edits the assignment; `role_assigned` tells the deriving apps so that they record the
new assignment and recompute what they grant.
"""

from django.dispatch import Signal

# sender=User, user=<the saved user>
role_assigned = Signal()


def derived(user):
    """The user's derived-role record (with `base_role`, `base_unit`, `task_force`), or None."""
    try:
        return user.derived_role
    except Exception:  # noqa: BLE001 - no such app or no row: the role is the assigned one
        return None

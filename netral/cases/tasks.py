from django_tasks import task


@task()
def scheduled_deadlines():
    """Hourly: warn before due dates, escalate overdue cases (safe to run twice: each deadline is
    claimed with a conditional UPDATE)."""
    from netral.cases.actions import warn_and_escalate

    warned, escalated = warn_and_escalate()
    return {"warned": warned, "escalated": escalated}

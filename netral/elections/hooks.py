"""What happened in a stage: the hook that findings and cases will fill.

The calendar page shows, for each stage, what other apps report about it. The monitoring and
cases apps register a provider in their AppConfig.ready():

    from netral.elections import hooks
    hooks.register_stage_activity(findings_in_stage)

where `findings_in_stage(stage, user)` returns a list of dicts
`{"label": str, "count": int, "url": str}` (scoped to `user`; dates from stage.start..stage.end).
Until one is registered the calendar shows a placeholder.
"""

_providers = []


def register_stage_activity(fn):
    if fn not in _providers:
        _providers.append(fn)


def stage_activity(stage, user):
    out = []
    for fn in _providers:
        out.extend(fn(stage, user) or [])
    return out


def has_providers():
    return bool(_providers)

"""The shared rules every app applies alike: the acting user and role checks, validated input, field errors,
save with history, the county's day and zone, plausible instants and days, pagination, the API's error shape,
the forms' look, and the door through which one layer tells a higher one of a case event.

The kernel is the bottom layer: it imports Django and DRF, never an app (its one mention of the user model is
for type checkers only). Every app imports it; no app borrows these helpers from another app.
"""

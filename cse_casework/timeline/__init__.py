"""The child's timeline: one chronological view of everything that happened on a child's record.

It reads from every app, so it lives in the top layer. `sources` says what each kind of entry is (one small
registered source per kind), `selectors` reads a page of them in one query, `api` and `views` serve it.
"""

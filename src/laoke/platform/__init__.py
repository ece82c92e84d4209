"""What every screen shares and no domain rule needs: the menu registry (``nav``), form fields
(``fields``), safe redirects (``redirects``), the Content Security Policy (``csp``), the
Server-Timing header (``timing``) and the planner-statistics refresh after bulk writes
(``dbstats``).

It sits just above the pure core and file reading: it imports Django only, never an app of
Laoke, so every app (accounts and audit included) may use it.
"""

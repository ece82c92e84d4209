"""What every screen shares and no domain rule needs: the menu registry (``nav``), form fields
(``fields``), safe redirects (``redirects``), the Content Security Policy (``csp``), the
Server-Timing header (``timing``), the planner-statistics refresh after bulk writes
(``dbstats``) and the served app's heap kept out of the collector's full passes (``heap``).

It sits just above the pure core and file reading: it imports Django only, never an app of
Laoke, so every app (accounts and audit included) may use it.
"""

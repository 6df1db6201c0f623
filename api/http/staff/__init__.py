"""The staff console's web plumbing: session cookies, CSRF, route guards, templates, SSO.

Routes live in ``api.http.routes.staff_*``; accounts, sessions and the audit trail in
``agent.staff``.
"""

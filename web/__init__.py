"""Pages for people (admin, later the staff inbox): server-rendered Jinja2 templates, mobile first.

``render.py`` is the one Jinja2 environment; ``templates/`` and ``static/`` hold the pages.
"""

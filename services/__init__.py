"""The use cases and their rules, one module per concept.

Services own their transactions and import ``store``, ``bot`` and ``config``; never aiohttp,
never ``integrations`` or the pages. Webhooks, pages and the outbox handlers call them.
"""

"""The ``kwp`` adapter: the trade API contract (KWP Backend API style) over aiohttp.

``client.py`` does the HTTP and the error mapping, ``mapping.py`` turns JSON into the port's
data classes and back. The built-in simulator speaks the same contract, so ``kind: simulator``
uses this adapter too.
"""

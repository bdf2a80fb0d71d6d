"""Pages for administrators: the trade-software connection and the audit log."""

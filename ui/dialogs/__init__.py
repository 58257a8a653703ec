"""The station window's dialogs: completion, backdate, phone order, settings, preview, outbox,
print queue, and the small ones (reason, note, appointment)."""

"""The one way pages, messages and e-mail show a day and an instant (settings.FORMAT_MODULE_PATH)."""

"""One orchestrator per use case: poll, check, reclassify, demo."""

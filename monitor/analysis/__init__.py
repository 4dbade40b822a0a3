"""Analysis stages, run in worker processes: language → classifier (rules) → facts →
entities, and the story fingerprints that group syndicated copies (stories)."""

"""prompt-miner: mine naturally occurring prompts from web crawls into toxicity-evaluation datasets."""

__version__ = "0.1.0"

# The 17 languages of PolygloToxicityPrompts (Jain et al., 2024).
PTP_LANGUAGES = ("ar", "cs", "de", "en", "es", "fr", "hi", "id", "it", "ja", "ko", "nl", "pl", "pt", "ru", "sv", "zh")

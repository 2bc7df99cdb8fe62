"""Text units for prompt mining: sentence spans and prompt/continuation pairs."""
from miner.text.pairs import PairOptions, PromptPair, make_pairs
from miner.text.sentences import split_sentences

__all__ = ["PairOptions", "PromptPair", "make_pairs", "split_sentences"]

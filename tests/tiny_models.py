"""A tiny randomly initialised GPT-2 and word-level tokenizer, built and saved locally (no hub access)."""
from __future__ import annotations

from pathlib import Path

WORDS = "the a is you are idiot stupid nice good day hello world this text long and very . ,".split()


def save_tiny_gpt2(folder: Path, seed: int = 0) -> Path:
    """save_pretrained files of a 2-layer, 16-wide GPT-2 over WORDS (64 positions); needs torch + transformers."""
    import torch
    import transformers
    from tokenizers import Tokenizer, models, pre_tokenizers

    vocab = {tok: i for i, tok in enumerate(["<unk>", "<eos>"] + WORDS)}
    tok = Tokenizer(models.WordLevel(vocab, unk_token="<unk>"))
    tok.pre_tokenizer = pre_tokenizers.WhitespaceSplit()
    transformers.PreTrainedTokenizerFast(tokenizer_object=tok, unk_token="<unk>", eos_token="<eos>",
                                         pad_token="<eos>", model_max_length=64).save_pretrained(folder)
    torch.manual_seed(seed)
    config = transformers.GPT2Config(vocab_size=len(vocab), n_positions=64, n_embd=16, n_layer=2, n_head=2,
                                     bos_token_id=1, eos_token_id=1)
    transformers.GPT2LMHeadModel(config).save_pretrained(folder)
    return folder

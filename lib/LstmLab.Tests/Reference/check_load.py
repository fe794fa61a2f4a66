#!/usr/bin/python3
"""Checks that a model saved by the C# library loads into PyTorch and gives the same logits.

    /usr/bin/python3 lib/LstmLab.Tests/Reference/check_load.py PATH

PATH is a safetensors file holding a case-7-shaped model (LSTM(I -> H, last output) -> Linear(H -> C))
under PyTorch's names lstm.weight_ih_l0 (4H,I), lstm.weight_hh_l0 (4H,H), lstm.bias_ih_l0 (4H),
lstm.bias_hh_l0 (4H), dense.weight (C,H), dense.bias (C), plus x (B,T,I) and the logits (B,C) the
C# side computed for x. Prints the max |difference| of the logits and OK / NOT OK (tolerance 1e-5);
exits 0 on OK, 1 otherwise.
"""

import sys

import torch

from models import LastStepModel
from safetensors_io import read_safetensors

TOLERANCE = 1e-5


def main(argv):
    if len(argv) != 2:
        print(f"usage: {argv[0]} PATH", file=sys.stderr)
        return 2
    path = argv[1]
    torch.set_flush_denormal(True)
    torch.set_num_threads(1)
    tensors, _ = read_safetensors(path)
    for needed in ("x", "logits", "lstm.weight_ih_l0", "dense.weight"):
        if needed not in tensors:
            print(f"{path}: tensor {needed!r} is missing; found {sorted(tensors)}")
            print("NOT OK")
            return 1
    x = tensors.pop("x")
    expected = tensors.pop("logits")
    units4, inputs = tensors["lstm.weight_ih_l0"].shape
    classes = tensors["dense.weight"].shape[0]
    model = LastStepModel(inputs, units4 // 4, classes)
    try:
        # strict: every parameter present with PyTorch's shape, and nothing extra.
        model.load_state_dict(tensors, strict=True)
    except RuntimeError as error:
        print(f"{path}: the weights do not load into LSTM({inputs} -> {units4 // 4}) -> Linear({classes}):\n{error}")
        print("NOT OK")
        return 1
    with torch.no_grad():
        logits = model(x)
    if logits.shape != expected.shape:
        print(f"{path}: logits expected shape {list(logits.shape)} for x {list(x.shape)}, got {list(expected.shape)}")
        print("NOT OK")
        return 1
    difference = (logits - expected).abs().max().item()
    print(f"logits max |diff| {difference:.3e} (tolerance {TOLERANCE:g})")
    print("OK" if difference <= TOLERANCE else "NOT OK")
    return 0 if difference <= TOLERANCE else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))

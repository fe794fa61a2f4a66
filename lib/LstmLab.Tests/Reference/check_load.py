#!/usr/bin/python3
"""Checks that a model saved by the C# library loads into PyTorch and gives the same logits.

    /usr/bin/python3 lib/LstmLab.Tests/Reference/check_load.py PATH

PATH is a safetensors file holding x (B,T,I), the logits (B,C) the C# side computed for x, and one of:
- a case-7-shaped model, LSTM(I -> H, last output) -> Linear(H -> C), under PyTorch's names
  lstm.weight_ih_l0 (4H,I), lstm.weight_hh_l0 (4H,H), lstm.bias_ih_l0 (4H), lstm.bias_hh_l0 (4H),
  dense.weight (C,H), dense.bias (C);
- Bidirectional(Lstm | Gru | SimpleRnn (H), concat, last output) -> Dense(C): bidirectional.weight_ih_l0
  (gH,I), bidirectional.weight_hh_l0 (gH,H), bidirectional.bias_ih_l0, bidirectional.bias_hh_l0 (gH), the
  same four with _reverse, dense.weight (C,2H), dense.bias (C). The gate count g (4 LSTM, 3 GRU, 1 RNN) is
  read from weight_hh's shape.
Prints the max |difference| of the logits and OK / NOT OK (tolerance 1e-5); exits 0 on OK, 1 otherwise.
"""

import sys

import torch

from models import RECURRENT_MODULES, BidirectionalLastStepModel, LastStepModel
from safetensors_io import read_safetensors

TOLERANCE = 1e-5


class NotOk(Exception):
    """A file that is not what this check expects; its message says what is wrong."""


def require(tensors, path, names):
    for needed in names:
        if needed not in tensors:
            raise NotOk(f"{path}: tensor {needed!r} is missing; found {sorted(tensors)}")


def build_model(tensors, path):
    """The PyTorch module the saved names describe, and its name for the messages."""
    classes = tensors["dense.weight"].shape[0]
    if "bidirectional.weight_hh_l0" in tensors:
        require(tensors, path, ("bidirectional.weight_ih_l0",))
        rows, units = tensors["bidirectional.weight_hh_l0"].shape
        gates = rows // units
        if gates not in RECURRENT_MODULES:
            raise NotOk(f"{path}: bidirectional.weight_hh_l0 is {rows}x{units}, expected 4H, 3H or H rows for H={units}")
        inputs = tensors["bidirectional.weight_ih_l0"].shape[1]
        name = f"{RECURRENT_MODULES[gates].__name__}({inputs} -> {units}, bidirectional) -> Linear({classes})"
        return BidirectionalLastStepModel(gates, inputs, units, classes), name
    require(tensors, path, ("lstm.weight_ih_l0",))
    units4, inputs = tensors["lstm.weight_ih_l0"].shape
    name = f"LSTM({inputs} -> {units4 // 4}) -> Linear({classes})"
    return LastStepModel(inputs, units4 // 4, classes), name


def check(path):
    """The max |difference| of the logits and the model's name; raises NotOk for a file that does not fit."""
    tensors, _ = read_safetensors(path)
    require(tensors, path, ("x", "logits", "dense.weight"))
    x = tensors.pop("x")
    expected = tensors.pop("logits")
    model, name = build_model(tensors, path)
    try:
        # strict: every parameter present with PyTorch's shape, and nothing extra.
        model.load_state_dict(tensors, strict=True)
    except RuntimeError as error:
        raise NotOk(f"{path}: the weights do not load into {name}:\n{error}") from error
    with torch.no_grad():
        logits = model(x)
    if logits.shape != expected.shape:
        raise NotOk(f"{path}: logits expected shape {list(logits.shape)} for x {list(x.shape)}, got {list(expected.shape)}")
    return (logits - expected).abs().max().item(), name


def main(argv):
    if len(argv) != 2:
        print(f"usage: {argv[0]} PATH", file=sys.stderr)
        return 2
    torch.set_flush_denormal(True)
    torch.set_num_threads(1)
    try:
        difference, name = check(argv[1])
    except NotOk as problem:
        print(problem)
        print("NOT OK")
        return 1
    print(f"{name}: logits max |diff| {difference:.3e} (tolerance {TOLERANCE:g})")
    print("OK" if difference <= TOLERANCE else "NOT OK")
    return 0 if difference <= TOLERANCE else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))

#!/usr/bin/python3
"""Checks that a Bidirectional model saved by the C# library loads into PyTorch's bidirectional=True module.

    /usr/bin/python3 lib/LstmLab.Tests/Reference/check_load_bidirectional.py PATH

PATH is a safetensors file holding Bidirectional(Lstm | Gru | SimpleRnn (H), concat, last output) -> Dense(C)
under PyTorch's names: bidirectional.weight_ih_l0 (gH,I), bidirectional.weight_hh_l0 (gH,H),
bidirectional.bias_ih_l0, bidirectional.bias_hh_l0 (gH), the same four with _reverse, dense.weight (C,2H),
dense.bias (C), plus x (B,T,I) and the logits (B,C) the C# side computed for x. The gate count g (4 LSTM,
3 GRU, 1 RNN) is read from weight_hh's shape. Prints the max |difference| of the logits and OK / NOT OK
(tolerance 1e-5); exits 0 on OK, 1 otherwise.
"""

import sys

import torch

from models import RECURRENT_MODULES, BidirectionalLastStepModel
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
    for needed in ("x", "logits", "bidirectional.weight_hh_l0", "bidirectional.weight_ih_l0", "dense.weight"):
        if needed not in tensors:
            print(f"{path}: tensor {needed!r} is missing; found {sorted(tensors)}")
            print("NOT OK")
            return 1
    x = tensors.pop("x")
    expected = tensors.pop("logits")
    rows, units = tensors["bidirectional.weight_hh_l0"].shape
    gates = rows // units
    if gates not in RECURRENT_MODULES:
        print(f"{path}: bidirectional.weight_hh_l0 is {rows}x{units}, expected 4H, 3H or H rows for H={units}")
        print("NOT OK")
        return 1
    inputs = tensors["bidirectional.weight_ih_l0"].shape[1]
    classes = tensors["dense.weight"].shape[0]
    model = BidirectionalLastStepModel(gates, inputs, units, classes)
    try:
        model.load_state_dict(tensors, strict=True)
    except RuntimeError as error:
        name = RECURRENT_MODULES[gates].__name__
        print(f"{path}: the weights do not load into {name}({inputs} -> {units}, bidirectional) -> Linear({classes}):\n{error}")
        print("NOT OK")
        return 1
    with torch.no_grad():
        logits = model(x)
    if logits.shape != expected.shape:
        print(f"{path}: logits expected shape {list(logits.shape)} for x {list(x.shape)}, got {list(expected.shape)}")
        print("NOT OK")
        return 1
    difference = (logits - expected).abs().max().item()
    print(f"{RECURRENT_MODULES[gates].__name__}: logits max |diff| {difference:.3e} (tolerance {TOLERANCE:g})")
    print("OK" if difference <= TOLERANCE else "NOT OK")
    return 0 if difference <= TOLERANCE else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))

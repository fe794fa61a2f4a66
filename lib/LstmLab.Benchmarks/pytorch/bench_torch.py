#!/usr/bin/python3
"""The PyTorch side of the LSTM Lab speed comparison: the same workloads as `lstmlab bench`.

    /usr/bin/python3 lib/LstmLab.Benchmarks/pytorch/bench_torch.py WORKLOAD [--epochs N] [--warmup N] [--quick]
    /usr/bin/python3 lib/LstmLab.Benchmarks/pytorch/bench_torch.py matmul
    /usr/bin/python3 lib/LstmLab.Benchmarks/pytorch/bench_torch.py info

Progress goes to stderr. The last stdout line of a workload is

    RESULT workload=NAME seconds_per_epoch=F samples_per_s=F gflops=F peak_mb=F batch=N epochs=N

`matmul` prints `RESULT workload=matmul gflops=F` (the best torch.mm at 1024³, 2048³, 4096³);
`info` prints `INFO {json}` (torch version, the BLAS library loaded, its configuration).
See README.md beside this script for the workloads, the FLOP count and the fairness rules.
"""

import argparse
import ctypes
import json
import math
import os
import re
import resource
import sys
import time

# On a machine shared with other processes, OpenMP threads that spin at barriers wait for a
# descheduled partner: a small LSTM step ran 10x slower. Sleeping waits give PyTorch its best
# time there; an OMP_WAIT_POLICY already in the environment wins (libgomp reads it at load).
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import torch  # noqa: E402  (after OMP_WAIT_POLICY)

# Before the first tensor op: long sequences make vanishing gradients denormal, and PyTorch
# without flushing ran IMDB 9x slower on this machine kind (shared/PERF-NOTES.md).
torch.set_flush_denormal(True)
torch.set_num_threads(2)

import torch.nn.functional as F  # noqa: E402  (after the thread and denormal settings)
from torch import nn  # noqa: E402

SEED = 1234
# Keras defaults: Adam(learning_rate=1e-3, epsilon=1e-7).
LEARNING_RATE = 1e-3
ADAM_EPSILON = 1e-7
GATES = 4  # i, f, g, o


class Workload:
    """One benchmark: the data shapes, the model and the loss. `layers` lists each LSTM layer's
    (inputs, units); the FLOP count uses only these (the dense head and embedding are tiny)."""

    def __init__(self, name, samples, steps, features, layers, outputs, batch, kind, loss, gates=GATES, directions=1):
        self.name = name
        self.samples = samples
        self.steps = steps
        self.features = features
        self.layers = layers
        self.outputs = outputs
        self.batch = batch
        self.kind = kind  # "last", "stacked", "recdrop", "imdb", "infer", "gru-last", "gru-imdb" or "bilstm-imdb"
        self.loss = loss  # "ce", "bce" or "mse"
        self.gates = gates  # 4 for an LSTM, 3 for a GRU
        self.directions = directions  # 2 for a bidirectional layer

    def forward_flops(self, samples):
        """2·N·T·(I+H)·G·H per recurrent layer and direction (G = 4 LSTM, 3 GRU): the input and recurrent products of every step."""
        return self.directions * sum(2.0 * samples * self.steps * (i + h) * self.gates * h for i, h in self.layers)

    def epoch_flops(self, samples):
        """Training does the forward products once and twice as many backward (dX and dW)."""
        if self.kind == "infer":
            return self.forward_flops(samples)
        return 3.0 * self.forward_flops(samples)


MNIST_BATCH = 128
VOCABULARY = 10000
EMBEDDING = 128
RECURRENT_DROPOUT = 0.15

WORKLOADS = {
    w.name: w
    for w in [
        Workload("mnist32", 48000, 28, 28, [(28, 32)], 10, MNIST_BATCH, "last", "ce"),
        Workload("mnist32-recdrop", 48000, 28, 28, [(28, 32)], 10, MNIST_BATCH, "recdrop", "ce"),
        Workload("stacked", 48000, 28, 28, [(28, 32), (32, 32)], 10, MNIST_BATCH, "stacked", "ce"),
        Workload("sweep48", 48000, 28, 28, [(28, 48)], 10, MNIST_BATCH, "last", "ce"),
        Workload("sweep96", 48000, 28, 28, [(28, 96)], 10, MNIST_BATCH, "last", "ce"),
        Workload("sweep256", 48000, 28, 28, [(28, 256)], 10, MNIST_BATCH, "last", "ce"),
        Workload("imdb128", 20000, 200, None, [(EMBEDDING, 128)], 1, 64, "imdb", "bce"),
        Workload("ts50", 3000, 60, 1, [(1, 50)], 1, 32, "last", "mse"),
        Workload("infer-mnist32", 10000, 28, 28, [(28, 32)], 10, 128, "infer", "ce"),
        Workload("infer-mnist32-b10000", 10000, 28, 28, [(28, 32)], 10, 10000, "infer", "ce"),
        Workload("gru32", 48000, 28, 28, [(28, 32)], 10, MNIST_BATCH, "gru-last", "ce", gates=3),
        Workload("gru128-imdb", 20000, 200, None, [(EMBEDDING, 128)], 1, 64, "gru-imdb", "bce", gates=3),
        Workload("bilstm128-imdb", 20000, 200, None, [(EMBEDDING, 128)], 1, 64, "bilstm-imdb", "bce", directions=2),
    ]
}


class LastStep(nn.Module):
    """LSTM(I -> H, last output) -> Linear(H -> outputs): x (B, T, I) -> (B, outputs)."""

    def __init__(self, inputs, units, outputs):
        super().__init__()
        self.lstm = nn.LSTM(inputs, units, batch_first=True)
        self.dense = nn.Linear(units, outputs)

    def forward(self, x):
        sequence, _ = self.lstm(x)  # (B, T, H)
        return self.dense(sequence[:, -1])


class Stacked(nn.Module):
    """LSTM(I -> H1, sequences) -> LSTM(H1 -> H2, last) -> Linear: x (B, T, I) -> (B, outputs)."""

    def __init__(self, layers, outputs):
        super().__init__()
        (i1, h1), (i2, h2) = layers
        self.lstm1 = nn.LSTM(i1, h1, batch_first=True)
        self.lstm2 = nn.LSTM(i2, h2, batch_first=True)
        self.dense = nn.Linear(h2, outputs)

    def forward(self, x):
        first, _ = self.lstm1(x)  # (B, T, H1)
        second, _ = self.lstm2(first)  # (B, T, H2)
        return self.dense(second[:, -1])


class Imdb(nn.Module):
    """Embedding(V, D) -> LSTM(D -> H, last) -> Linear(H -> 1): ids (B, T) -> logit (B, 1)."""

    def __init__(self, vocabulary, dim, units):
        super().__init__()
        self.embedding = nn.Embedding(vocabulary, dim)
        self.lstm = nn.LSTM(dim, units, batch_first=True)
        self.dense = nn.Linear(units, 1)

    def forward(self, ids):
        sequence, _ = self.lstm(self.embedding(ids))  # (B, T, H)
        return self.dense(sequence[:, -1])


class RecurrentDropoutLstm(nn.Module):
    """Keras's LSTM(recurrent_dropout=p), written as an LSTMCell-style loop (nn.LSTM has no
    recurrent dropout): four masks on h(t-1), one per gate, drawn once per batch and kept for
    all its steps, scaled by 1/(1-p). Weights in PyTorch's layout and gate order i, f, g, o.
    x (B, T, I) -> h(T) (B, H)."""

    def __init__(self, inputs, units, rate):
        super().__init__()
        self.units = units
        self.rate = rate
        bound = 1.0 / math.sqrt(units)
        self.weight_ih = nn.Parameter(torch.empty(GATES * units, inputs).uniform_(-bound, bound))
        self.weight_hh = nn.Parameter(torch.empty(GATES * units, units).uniform_(-bound, bound))
        self.bias = nn.Parameter(torch.zeros(GATES * units))

    def forward(self, x):
        batch, steps, inputs = x.shape
        units = self.units
        # Gate-major throughout, so each step is one batched product and no transposes (the
        # (B, 4H) layout with a transpose per step measured 35% slower).
        # The input products of all steps at once: (T, 1, B, I) @ (1, 4, I, H) -> (T, 4, B, H).
        input_weights = self.weight_ih.view(GATES, units, inputs).transpose(1, 2).unsqueeze(0)
        projected = torch.matmul(x.transpose(0, 1).unsqueeze(1), input_weights)
        projected = projected + self.bias.view(1, GATES, 1, units)
        recurrent = self.weight_hh.view(GATES, units, units).transpose(1, 2)  # (4, H, H)
        keep = 1.0 - self.rate
        if self.training:
            masks = torch.bernoulli(torch.full((GATES, batch, units), keep)) / keep  # (4, B, H)
        else:
            masks = torch.ones(GATES, 1, units)  # (4, 1, H): broadcast, no dropout
        h = x.new_zeros(batch, units)
        c = x.new_zeros(batch, units)
        for t in range(steps):
            # (4, B, H) + (4, B, H) @ (4, H, H): each gate sees h(t-1) through its own mask.
            i, f, g, o = torch.baddbmm(projected[t], h * masks, recurrent).unbind(0)
            c = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g)
            h = torch.sigmoid(o) * torch.tanh(c)
        return h


class RecurrentDropoutModel(nn.Module):
    """RecurrentDropoutLstm -> Linear: x (B, T, I) -> (B, outputs)."""

    def __init__(self, inputs, units, outputs, rate):
        super().__init__()
        self.lstm = RecurrentDropoutLstm(inputs, units, rate)
        self.dense = nn.Linear(units, outputs)

    def forward(self, x):
        return self.dense(self.lstm(x))


class GruLastStep(nn.Module):
    """GRU(I -> H, last output) -> Linear(H -> outputs): x (B, T, I) -> (B, outputs)."""

    def __init__(self, inputs, units, outputs):
        super().__init__()
        self.gru = nn.GRU(inputs, units, batch_first=True)
        self.dense = nn.Linear(units, outputs)

    def forward(self, x):
        sequence, _ = self.gru(x)  # (B, T, H)
        return self.dense(sequence[:, -1])


class ImdbRecurrent(nn.Module):
    """Embedding(V, D) -> GRU or bidirectional LSTM (D -> H) -> Linear: ids (B, T) -> logit (B, 1). The dense
    layer reads h_n: the last h of a GRU, [forward, reverse] of a bidirectional LSTM (Keras's Bidirectional)."""

    def __init__(self, vocabulary, dim, units, bidirectional):
        super().__init__()
        self.embedding = nn.Embedding(vocabulary, dim)
        if bidirectional:
            self.recurrent = nn.LSTM(dim, units, batch_first=True, bidirectional=True)
        else:
            self.recurrent = nn.GRU(dim, units, batch_first=True)
        self.dense = nn.Linear(2 * units if bidirectional else units, 1)

    def forward(self, ids):
        _, final = self.recurrent(self.embedding(ids))
        h_n = final[0] if isinstance(final, tuple) else final  # (directions, B, H)
        return self.dense(torch.cat(list(h_n), dim=1))


def build_model(w):
    (inputs, units) = w.layers[0]
    if w.kind in ("last", "infer"):
        return LastStep(inputs, units, w.outputs)
    if w.kind == "stacked":
        return Stacked(w.layers, w.outputs)
    if w.kind == "recdrop":
        return RecurrentDropoutModel(inputs, units, w.outputs, RECURRENT_DROPOUT)
    if w.kind == "gru-last":
        return GruLastStep(inputs, units, w.outputs)
    if w.kind in ("gru-imdb", "bilstm-imdb"):
        return ImdbRecurrent(VOCABULARY, EMBEDDING, units, bidirectional=w.kind == "bilstm-imdb")
    return Imdb(VOCABULARY, EMBEDDING, units)


def synthetic_data(w, samples):
    """Random data of the workload's exact shapes (the speed does not depend on the values)."""
    generator = torch.Generator().manual_seed(SEED)
    if w.kind in ("imdb", "gru-imdb", "bilstm-imdb"):
        x = torch.randint(0, VOCABULARY, (samples, w.steps), generator=generator)
        y = torch.randint(0, 2, (samples, 1), generator=generator).float()
    elif w.loss == "mse":
        # Sliding windows of a noisy sine, the next value as target: (N, T, 1) -> (N, 1).
        series = torch.sin(torch.arange(samples + w.steps, dtype=torch.float32) * 0.05)
        series += 0.1 * torch.randn(series.shape, generator=generator)
        x = series.unfold(0, w.steps, 1)[:samples].unsqueeze(-1).contiguous()
        y = series[w.steps : w.steps + samples].unsqueeze(-1).clone()
    else:
        x = torch.rand((samples, w.steps, w.features), generator=generator)
        y = torch.randint(0, w.outputs, (samples,), generator=generator)
    return x, y


def loss_function(w):
    """The batch mean, as Keras computes it (from logits)."""
    if w.loss == "ce":
        return F.cross_entropy
    if w.loss == "bce":
        return F.binary_cross_entropy_with_logits
    return F.mse_loss


def train_epoch(model, optimizer, loss, x, y, batch):
    """One Keras-style epoch: shuffle, then one Adam step per batch (the last may be smaller)."""
    model.train()
    order = torch.randperm(x.shape[0])
    for start in range(0, x.shape[0], batch):
        index = order[start : start + batch]
        optimizer.zero_grad(set_to_none=True)
        value = loss(model(x[index]), y[index])
        value.backward()
        optimizer.step()


def infer_pass(model, x, batch):
    """One inference pass over all samples in order."""
    model.eval()
    with torch.inference_mode():
        for start in range(0, x.shape[0], batch):
            model(x[start : start + batch])


def peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def run_workload(w, batch, epochs, warmup, scale):
    torch.manual_seed(SEED)
    samples = w.samples // scale
    x, y = synthetic_data(w, samples)
    model = build_model(w)
    if w.kind == "infer":
        step = lambda: infer_pass(model, x, batch)  # noqa: E731
    else:
        optimizer = torch.optim.Adam(model.parameters(), lr=LEARNING_RATE, eps=ADAM_EPSILON)
        loss = loss_function(w)
        step = lambda: train_epoch(model, optimizer, loss, x, y, batch)  # noqa: E731
    unit = "pass" if w.kind == "infer" else "epoch"
    seconds = []
    for index in range(warmup + epochs):
        start, start_cpu = time.perf_counter(), time.process_time()
        step()
        elapsed, cpu = time.perf_counter() - start, time.process_time() - start_cpu
        label = f"warm-up {unit} {index + 1}" if index < warmup else f"{unit} {index - warmup + 1}/{epochs}"
        # CPU seconds (all threads) beside the wall time: when other processes share the cores
        # the wall time grows but the CPU time barely does.
        print(f"{w.name}: {label}: {elapsed:.2f} s (CPU {cpu:.2f} s)", file=sys.stderr)
        if index >= warmup:
            seconds.append(elapsed)
    mean = sum(seconds) / len(seconds)
    print(
        f"RESULT workload={w.name} seconds_per_epoch={mean:.4f} samples_per_s={samples / mean:.1f} "
        f"gflops={w.epoch_flops(samples) / mean / 1e9:.2f} peak_mb={peak_mb():.1f} "
        f"batch={batch} epochs={epochs}"
    )


def run_matmul():
    """The best torch.mm rate at three square sizes: the machine's matrix-product roofline."""
    best = 0.0
    for n, repeats in ((1024, 10), (2048, 5), (4096, 3)):
        a = torch.randn(n, n)
        b = torch.randn(n, n)
        torch.mm(a, b)  # warm-up: threads started, pages touched
        fastest = math.inf
        for _ in range(repeats):
            start = time.perf_counter()
            torch.mm(a, b)
            fastest = min(fastest, time.perf_counter() - start)
        rate = 2.0 * n**3 / fastest / 1e9
        print(f"matmul {n}^3: {rate:.1f} GFLOP/s", file=sys.stderr)
        best = max(best, rate)
    print(f"RESULT workload=matmul gflops={best:.2f}")


def loaded_blas():
    """The BLAS shared library this process mapped (after a product), and OpenBLAS's own
    description of its build when it is OpenBLAS."""
    torch.mm(torch.ones(64, 64), torch.ones(64, 64))
    with open("/proc/self/maps") as maps:
        paths = sorted({line.split()[-1] for line in maps if "blas" in line.lower() and "/" in line})
    config = None
    for path in paths:
        try:
            library = ctypes.CDLL(path)
            library.openblas_get_config.restype = ctypes.c_char_p
            config = library.openblas_get_config().decode()
            break
        except (OSError, AttributeError):
            continue
    return paths, config


def cpu_capability():
    """The vector instruction set PyTorch's own kernels dispatch to (from its build summary)."""
    found = re.search(r"CPU capability usage: (\S+)", torch.__config__.show())
    return found.group(1) if found else None


def run_info():
    paths, config = loaded_blas()
    info = {
        "torch": torch.__version__,
        "threads": torch.get_num_threads(),
        "omp_wait_policy": os.environ["OMP_WAIT_POLICY"],
        "blas_libraries": paths,
        "openblas_config": config,
        "cpu_capability": cpu_capability(),
    }
    print("INFO " + json.dumps(info))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("workload", choices=[*WORKLOADS, "matmul", "info"])
    parser.add_argument("--epochs", type=int, default=1, help="timed epochs (passes for infer-*); the mean is reported")
    parser.add_argument("--warmup", type=int, default=1, help="untimed epochs before timing")
    parser.add_argument("--quick", action="store_true", help="a tenth of the samples (same shapes otherwise)")
    parser.add_argument("--batch", type=int, help="overrides the workload's batch size (to compare sizes)")
    args = parser.parse_args()
    if args.epochs < 1 or args.warmup < 0 or (args.batch is not None and args.batch < 1):
        parser.error(f"--epochs and --batch must be >= 1 and --warmup >= 0, got {args.epochs}, {args.batch}, {args.warmup}")
    if args.workload == "matmul":
        run_matmul()
    elif args.workload == "info":
        run_info()
    else:
        workload = WORKLOADS[args.workload]
        batch = args.batch or workload.batch
        run_workload(workload, batch, args.epochs, args.warmup, 10 if args.quick else 1)


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""Regenerates every PyTorch reference file for the LSTM Lab parity tests (the llm.c way: inputs,
weights, outputs, loss, every gradient, then the losses of 10 optimizer steps).

    /usr/bin/python3 lib/LstmLab.Tests/Reference/make_reference.py [--out DIR]
    /usr/bin/python3 lib/LstmLab.Tests/Reference/make_reference.py --check-load-sample PATH

The output is deterministic: one seed per case, one thread, float32, denormals flushed.
See README.md beside this script for every file, tensor name, shape and loss definition.
"""

import argparse
import copy
import os
import sys

import torch
import torch.nn.functional as F
from torch import nn

from models import BidirectionalImdbModel, ImdbModel, LastStepModel, StackedModel
from safetensors_io import read_safetensors, write_safetensors

HERE = os.path.dirname(os.path.abspath(__file__))
STEPS = 10
ADAM = {"lr": 0.01, "betas": (0.9, 0.999), "eps": 1e-7, "weight_decay": 0.0}
SGD_LR = 0.1
GATE_COUNT = 4  # gates i, f, g, o in PyTorch's row order
GRU_GATE_COUNT = 3  # gates r, z, n in PyTorch's row order


def setup_torch():
    torch.set_flush_denormal(True)
    torch.set_num_threads(1)
    torch.set_default_dtype(torch.float32)
    torch.use_deterministic_algorithms(True)


def scalar(loss):
    """The loss as a (1,) float32 tensor, the shape every file stores it in."""
    return loss.detach().reshape(1).clone()


def check_biases(module):
    """PyTorch's default init already draws biases from U(-1/sqrt(H), 1/sqrt(H)); make sure none is
    zero, so the bias gradients are really exercised."""
    for name, parameter in module.named_parameters():
        if "bias" in name and bool((parameter == 0).any()):
            raise AssertionError(f"bias {name} has a zero entry: {parameter}")


def lstm_weights(lstm, prefix=""):
    """The four weights of a one-layer nn.LSTM / nn.GRU / nn.RNN under the plain layer-level names."""
    return {
        prefix + "weight_ih": lstm.weight_ih_l0,
        prefix + "weight_hh": lstm.weight_hh_l0,
        prefix + "bias_ih": lstm.bias_ih_l0,
        prefix + "bias_hh": lstm.bias_hh_l0,
    }


def with_grads(tensors, grad_prefix):
    """Adds grad_prefix + name for every leaf in tensors that has a gradient."""
    out = {name: value.detach().clone() for name, value in tensors.items()}
    for name, value in tensors.items():
        if value.requires_grad:
            out[grad_prefix + name] = value.grad.detach().clone()
    return out


def hyper(**values):
    return {key: str(value) for key, value in values.items()}


# ----------------------------------------------------------------------------------------------
# Layer-level cases: plain names, "grad_NAME" = d loss / d NAME.


def case_lstm_seq_init():
    torch.manual_seed(1)
    B, T, I, H = 3, 5, 4, 6
    lstm = nn.LSTM(I, H, batch_first=True)
    check_biases(lstm)
    x = torch.randn(B, T, I, requires_grad=True)
    h0 = torch.randn(B, H, requires_grad=True)
    c0 = torch.randn(B, H, requires_grad=True)
    r_out, r_h, r_c = torch.randn(B, T, H), torch.randn(B, H), torch.randn(B, H)
    out, (h_n, c_n) = lstm(x, (h0.unsqueeze(0), c0.unsqueeze(0)))
    h_n, c_n = h_n.squeeze(0), c_n.squeeze(0)
    loss = (out * r_out).sum() + (h_n * r_h).sum() + (c_n * r_c).sum()
    loss.backward()
    leaves = {"x": x, "h0": h0, "c0": c0, **lstm_weights(lstm)}
    tensors = with_grads(leaves, "grad_")
    tensors.update(r_out=r_out, r_h=r_h, r_c=r_c, loss=scalar(loss))
    tensors.update(out=out.detach(), h_n=h_n.detach(), c_n=c_n.detach())
    loss_text = "sum(out*r_out) + sum(h_n*r_h) + sum(c_n*r_c)"
    return tensors, hyper(seed=1, B=B, T=T, I=I, H=H, loss=loss_text)


def case_lstm_last():
    torch.manual_seed(2)
    B, T, I, H = 3, 5, 4, 6
    lstm = nn.LSTM(I, H, batch_first=True)
    check_biases(lstm)
    x = torch.randn(B, T, I, requires_grad=True)
    r_out = torch.randn(B, H)
    sequence, _ = lstm(x)
    out = sequence[:, -1]
    loss = (out * r_out).sum()
    loss.backward()
    tensors = with_grads({"x": x, **lstm_weights(lstm)}, "grad_")
    tensors.update(r_out=r_out, out=out.detach(), loss=scalar(loss))
    return tensors, hyper(seed=2, B=B, T=T, I=I, H=H, loss="sum(out*r_out), out = output[:, -1]")


def case_lstm_stacked():
    torch.manual_seed(3)
    B, T, I, H0, H1 = 3, 5, 4, 6, 5
    l0 = nn.LSTM(I, H0, batch_first=True)
    l1 = nn.LSTM(H0, H1, batch_first=True)
    check_biases(l0)
    check_biases(l1)
    x = torch.randn(B, T, I, requires_grad=True)
    r_out = torch.randn(B, T, H1)
    out, _ = l1(l0(x)[0])
    loss = (out * r_out).sum()
    loss.backward()
    tensors = with_grads({"x": x, **lstm_weights(l0, "l0."), **lstm_weights(l1, "l1.")}, "grad_")
    tensors.update(r_out=r_out, out=out.detach(), loss=scalar(loss))
    return tensors, hyper(seed=3, B=B, T=T, I=I, H0=H0, H1=H1, loss="sum(out*r_out)")


def case_simple_rnn():
    torch.manual_seed(4)
    B, T, I, H = 3, 5, 4, 6
    rnn = nn.RNN(I, H, nonlinearity="tanh", batch_first=True)
    check_biases(rnn)
    x = torch.randn(B, T, I, requires_grad=True)
    h0 = torch.randn(B, H, requires_grad=True)
    r_out, r_h = torch.randn(B, T, H), torch.randn(B, H)
    out, h_n = rnn(x, h0.unsqueeze(0))
    h_n = h_n.squeeze(0)
    loss = (out * r_out).sum() + (h_n * r_h).sum()
    loss.backward()
    tensors = with_grads({"x": x, "h0": h0, **lstm_weights(rnn)}, "grad_")
    tensors.update(r_out=r_out, r_h=r_h, out=out.detach(), h_n=h_n.detach(), loss=scalar(loss))
    loss_text = "sum(out*r_out) + sum(h_n*r_h)"
    return tensors, hyper(seed=4, B=B, T=T, I=I, H=H, nonlinearity="tanh", loss=loss_text)


def keras_dropout_lstm(x, weight_ih, weight_hh, bias_ih, bias_hh, mask_x, mask_h):
    """Keras LSTM (implementation 1) with input and recurrent dropout, zero initial state.
    x (B,T,I), weight_ih (4H,I), weight_hh (4H,H), biases (4H), mask_x (4,B,I), mask_h (4,B,H)
    -> out (B,T,H). Gate k uses rows k*H:(k+1)*H and its own pair of masks, the same at every step."""
    B, T, _ = x.shape
    H = weight_hh.shape[1]
    h = x.new_zeros(B, H)
    c = x.new_zeros(B, H)
    outputs = []
    for t in range(T):
        x_t = x[:, t]
        pre = []
        for k in range(GATE_COUNT):
            rows = slice(k * H, (k + 1) * H)
            from_x = (x_t * mask_x[k]) @ weight_ih[rows].T + bias_ih[rows]
            from_h = (h * mask_h[k]) @ weight_hh[rows].T + bias_hh[rows]
            pre.append(from_x + from_h)
        i, f, g, o = torch.sigmoid(pre[0]), torch.sigmoid(pre[1]), torch.tanh(pre[2]), torch.sigmoid(pre[3])
        c = f * c + i * g
        h = o * torch.tanh(c)
        outputs.append(h)
    return torch.stack(outputs, dim=1)


def dropout_mask(shape, p):
    """Entries 0 or 1/(1-p), as tf.keras's dropout applied to a tensor of ones."""
    return torch.bernoulli(torch.full(shape, 1.0 - p)) / (1.0 - p)


def case_lstm_recdrop():
    torch.manual_seed(5)
    B, T, I, H = 3, 5, 4, 6
    p_x, p_h = 0.25, 0.3
    lstm = nn.LSTM(I, H, batch_first=True)
    check_biases(lstm)
    x = torch.randn(B, T, I, requires_grad=True)
    mask_x = dropout_mask((GATE_COUNT, B, I), p_x)
    mask_h = dropout_mask((GATE_COUNT, B, H), p_h)
    r_out = torch.randn(B, T, H)
    weights = lstm_weights(lstm)

    # With all-ones masks the hand-written loop must be nn.LSTM itself.
    with torch.no_grad():
        ones = keras_dropout_lstm(x, *weights.values(), torch.ones(GATE_COUNT, B, I), torch.ones(GATE_COUNT, B, H))
        torch_out, _ = lstm(x)
        difference = (ones - torch_out).abs().max().item()
    assert difference < 1e-6, f"dropout loop with all-ones masks differs from nn.LSTM by {difference}"
    assert bool((mask_x == 0).any()) and bool((mask_h == 0).any()), "the masks should drop something"

    out = keras_dropout_lstm(x, *weights.values(), mask_x, mask_h)
    loss = (out * r_out).sum()
    loss.backward()
    tensors = with_grads({"x": x, **weights}, "grad_")
    tensors.update(mask_x=mask_x, mask_h=mask_h, r_out=r_out, out=out.detach(), loss=scalar(loss))
    return tensors, hyper(seed=5, B=B, T=T, I=I, H=H, p_x=p_x, p_h=p_h, loss="sum(out*r_out)")


def case_gru_seq_init():
    torch.manual_seed(11)
    B, T, I, H = 3, 5, 4, 6
    gru = nn.GRU(I, H, batch_first=True)
    check_biases(gru)
    x = torch.randn(B, T, I, requires_grad=True)
    h0 = torch.randn(B, H, requires_grad=True)
    r_out, r_h = torch.randn(B, T, H), torch.randn(B, H)
    out, h_n = gru(x, h0.unsqueeze(0))
    h_n = h_n.squeeze(0)
    loss = (out * r_out).sum() + (h_n * r_h).sum()
    loss.backward()
    tensors = with_grads({"x": x, "h0": h0, **lstm_weights(gru)}, "grad_")
    tensors.update(r_out=r_out, r_h=r_h, out=out.detach(), h_n=h_n.detach(), loss=scalar(loss))
    return tensors, hyper(seed=11, B=B, T=T, I=I, H=H, loss="sum(out*r_out) + sum(h_n*r_h)")


def case_gru_last():
    torch.manual_seed(12)
    B, T, I, H = 3, 5, 4, 6
    gru = nn.GRU(I, H, batch_first=True)
    check_biases(gru)
    x = torch.randn(B, T, I, requires_grad=True)
    r_out = torch.randn(B, H)
    sequence, _ = gru(x)
    out = sequence[:, -1]
    loss = (out * r_out).sum()
    loss.backward()
    tensors = with_grads({"x": x, **lstm_weights(gru)}, "grad_")
    tensors.update(r_out=r_out, out=out.detach(), loss=scalar(loss))
    return tensors, hyper(seed=12, B=B, T=T, I=I, H=H, loss="sum(out*r_out), out = output[:, -1]")


def case_gru_stacked():
    torch.manual_seed(13)
    B, T, I, H0, H1 = 3, 5, 4, 6, 5
    l0 = nn.GRU(I, H0, batch_first=True)
    l1 = nn.GRU(H0, H1, batch_first=True)
    check_biases(l0)
    check_biases(l1)
    x = torch.randn(B, T, I, requires_grad=True)
    h0_l0 = torch.randn(B, H0, requires_grad=True)
    h0_l1 = torch.randn(B, H1, requires_grad=True)
    r_out = torch.randn(B, H1)
    first, _ = l0(x, h0_l0.unsqueeze(0))
    second, _ = l1(first, h0_l1.unsqueeze(0))
    out = second[:, -1]
    loss = (out * r_out).sum()
    loss.backward()
    leaves = {"x": x, "h0_l0": h0_l0, "h0_l1": h0_l1, **lstm_weights(l0, "l0."), **lstm_weights(l1, "l1.")}
    tensors = with_grads(leaves, "grad_")
    tensors.update(r_out=r_out, out=out.detach(), loss=scalar(loss))
    loss_text = "sum(out*r_out), out = l1(l0(x, h0_l0), h0_l1)[:, -1]"
    return tensors, hyper(seed=13, B=B, T=T, I=I, H0=H0, H1=H1, loss=loss_text)


def keras_dropout_gru(x, weight_ih, weight_hh, bias_ih, bias_hh, mask_x, mask_h):
    """Keras GRU (reset_after=True, implementation 1) with input and recurrent dropout, zero initial state.
    x (B,T,I), weight_ih (3H,I), weight_hh (3H,H), biases (3H), mask_x (3,B,I), mask_h (3,B,H) -> out (B,T,H).
    Gate k of r, z, n uses rows k*H:(k+1)*H and its own pair of masks, the same at every step; the carried
    z * h is not masked."""
    B, T, _ = x.shape
    H = weight_hh.shape[1]
    h = x.new_zeros(B, H)
    outputs = []
    for t in range(T):
        x_t = x[:, t]
        from_x, from_h = [], []
        for k in range(GRU_GATE_COUNT):
            rows = slice(k * H, (k + 1) * H)
            from_x.append((x_t * mask_x[k]) @ weight_ih[rows].T + bias_ih[rows])
            from_h.append((h * mask_h[k]) @ weight_hh[rows].T + bias_hh[rows])
        r = torch.sigmoid(from_x[0] + from_h[0])
        z = torch.sigmoid(from_x[1] + from_h[1])
        n = torch.tanh(from_x[2] + r * from_h[2])
        h = (1 - z) * n + z * h
        outputs.append(h)
    return torch.stack(outputs, dim=1)


def case_gru_recdrop():
    torch.manual_seed(14)
    B, T, I, H = 3, 5, 4, 6
    p_x, p_h = 0.25, 0.3
    gru = nn.GRU(I, H, batch_first=True)
    check_biases(gru)
    x = torch.randn(B, T, I, requires_grad=True)
    mask_x = dropout_mask((GRU_GATE_COUNT, B, I), p_x)
    mask_h = dropout_mask((GRU_GATE_COUNT, B, H), p_h)
    r_out = torch.randn(B, T, H)
    weights = lstm_weights(gru)

    with torch.no_grad():
        ones_x, ones_h = torch.ones(GRU_GATE_COUNT, B, I), torch.ones(GRU_GATE_COUNT, B, H)
        ones = keras_dropout_gru(x, *weights.values(), ones_x, ones_h)
        torch_out, _ = gru(x)
        difference = (ones - torch_out).abs().max().item()
    assert difference < 1e-6, f"GRU dropout loop with all-ones masks differs from nn.GRU by {difference}"
    assert bool((mask_x == 0).any()) and bool((mask_h == 0).any()), "the masks should drop something"

    out = keras_dropout_gru(x, *weights.values(), mask_x, mask_h)
    loss = (out * r_out).sum()
    loss.backward()
    tensors = with_grads({"x": x, **weights}, "grad_")
    tensors.update(mask_x=mask_x, mask_h=mask_h, r_out=r_out, out=out.detach(), loss=scalar(loss))
    return tensors, hyper(seed=14, B=B, T=T, I=I, H=H, p_x=p_x, p_h=p_h, loss="sum(out*r_out)")


MERGE_MODES = ("concat", "sum", "mul", "ave")


def merge(forward, reverse, mode):
    """Keras's Bidirectional merge_mode on the two directions' outputs."""
    if mode == "concat":
        return torch.cat([forward, reverse], dim=-1)
    if mode == "sum":
        return forward + reverse
    if mode == "mul":
        return forward * reverse
    return (forward + reverse) / 2


def bidirectional_weights(module):
    """Every parameter of a one-layer bidirectional module under PyTorch's own names (…_l0, …_l0_reverse)."""
    return dict(module.named_parameters())


def case_bidirectional(kind, mode, seed):
    """Bidirectional(kind) with the given merge mode. LSTM: sequences from given (h0, c0) (2,B,H);
    GRU: last outputs (Keras: forward out[:, -1], reverse out[:, 0] = h_n) from given h0; RNN: sequences, zero state."""
    torch.manual_seed(seed)
    B, T, I, H = 3, 5, 4, 6
    module = {"lstm": nn.LSTM, "gru": nn.GRU, "rnn": nn.RNN}[kind](I, H, batch_first=True, bidirectional=True)
    check_biases(module)
    x = torch.randn(B, T, I, requires_grad=True)
    leaves = {"x": x}
    states = None
    if kind == "lstm":
        leaves["h0"] = torch.randn(2, B, H, requires_grad=True)
        leaves["c0"] = torch.randn(2, B, H, requires_grad=True)
        states = (leaves["h0"], leaves["c0"])
    elif kind == "gru":
        leaves["h0"] = torch.randn(2, B, H, requires_grad=True)
        states = leaves["h0"]
    sequence, final = module(x, states)
    h_n = final[0] if kind == "lstm" else final
    if kind == "gru":
        out = merge(sequence[:, -1, :H], sequence[:, 0, H:], mode)
    else:
        out = merge(sequence[..., :H], sequence[..., H:], mode)
    r_out, r_h = torch.randn(out.shape), torch.randn(2, B, H)
    loss = (out * r_out).sum() + (h_n * r_h).sum()
    loss_text = "sum(out*r_out) + sum(h_n*r_h)"
    if kind == "lstm":
        r_c = torch.randn(2, B, H)
        loss = loss + (final[1] * r_c).sum()
        loss_text += " + sum(c_n*r_c)"
    loss.backward()
    tensors = with_grads({**leaves, **bidirectional_weights(module)}, "grad_")
    tensors.update(r_out=r_out, r_h=r_h, out=out.detach(), h_n=h_n.detach(), loss=scalar(loss))
    if kind == "lstm":
        tensors.update(r_c=r_c, c_n=final[1].detach())
    return tensors, hyper(seed=seed, B=B, T=T, I=I, H=H, layer=kind, merge_mode=mode, loss=loss_text)


def bidirectional_cases():
    cases = {}
    for offset, mode in enumerate(MERGE_MODES):
        cases[f"bilstm_{mode}"] = lambda mode=mode, seed=20 + offset: case_bidirectional("lstm", mode, seed)
        cases[f"bigru_{mode}"] = lambda mode=mode, seed=30 + offset: case_bidirectional("gru", mode, seed)
    cases["birnn_concat"] = lambda: case_bidirectional("rnn", "concat", 40)
    return cases


# ----------------------------------------------------------------------------------------------
# Model cases: module-path names, "grad." + NAME, then 10 optimizer steps on the same batch.


def train(model, loss_of, optimizer_of):
    """Runs STEPS updates on a copy of model; returns (losses before each update (STEPS,), final weights)."""
    model = copy.deepcopy(model)
    optimizer = optimizer_of(model.parameters())
    losses = []
    for _ in range(STEPS):
        optimizer.zero_grad()
        loss = loss_of(model)
        losses.append(loss.detach().reshape(()))
        loss.backward()
        optimizer.step()
    return torch.stack(losses), {name: p.detach().clone() for name, p in model.named_parameters()}


def adam(parameters):
    return torch.optim.Adam(parameters, foreach=False, **ADAM)


def sgd(parameters):
    return torch.optim.SGD(parameters, lr=SGD_LR)


def model_tensors(model, loss_of, output_name, output_of):
    """Initial weights, the output, the loss and every gradient, then the Adam run."""
    check_biases(model)
    loss = loss_of(model)
    output = output_of(model)
    model.zero_grad()
    loss.backward()
    tensors = {name: p.detach().clone() for name, p in model.named_parameters()}
    tensors.update({"grad." + name: p.grad.detach().clone() for name, p in model.named_parameters()})
    tensors[output_name] = output.detach()
    tensors["loss"] = scalar(loss)
    losses, final = train(model, loss_of, adam)
    tensors["adam_losses"] = losses
    tensors.update({"adam_final." + name: value for name, value in final.items()})
    return tensors


def adam_hyper():
    beta1, beta2 = ADAM["betas"]
    return hyper(
        steps=STEPS,
        adam_lr=ADAM["lr"],
        adam_beta1=beta1,
        adam_beta2=beta2,
        adam_eps=ADAM["eps"],
        adam_weight_decay=ADAM["weight_decay"],
    )


def case_model_imdb():
    torch.manual_seed(6)
    V, D, H, B, T = 20, 8, 6, 4, 7
    model = ImdbModel(V, D, H)
    x = torch.randint(0, V, (B, T)).float()
    y = torch.randint(0, 2, (B,)).float()

    def loss_of(m):
        return F.binary_cross_entropy_with_logits(m(x).squeeze(1), y)

    tensors = model_tensors(model, loss_of, "probs", lambda m: torch.sigmoid(m(x)))
    tensors.update(x=x, y=y)
    loss_text = "BCEWithLogitsLoss(logit[:, 0], y), mean over the batch; probs = sigmoid(logit)"
    return tensors, {**hyper(seed=6, V=V, D=D, H=H, B=B, T=T, loss=loss_text), **adam_hyper()}


def case_model_mnist():
    torch.manual_seed(7)
    I, H, C, B, T = 7, 8, 10, 5, 6
    model = LastStepModel(I, H, C)
    x = torch.randn(B, T, I)
    y = torch.randint(0, C, (B,)).float()

    def loss_of(m):
        return F.cross_entropy(m(x), y.long())

    tensors = model_tensors(model, loss_of, "logits", lambda m: m(x))
    tensors.update(x=x, y=y)
    loss_text = "F.cross_entropy(logits, y) = mean over the batch of -log softmax(logits)[y]"
    return tensors, {**hyper(seed=7, I=I, H=H, classes=C, B=B, T=T, loss=loss_text), **adam_hyper()}


def case_model_regression():
    torch.manual_seed(8)
    I, H, B, T = 1, 5, 4, 8
    model = LastStepModel(I, H, 1)
    x = torch.randn(B, T, I)
    y = torch.randn(B, 1)

    def loss_of(m):
        return F.mse_loss(m(x), y)

    tensors = model_tensors(model, loss_of, "pred", lambda m: m(x))
    tensors.update(x=x, y=y)
    losses, final = train(model, loss_of, sgd)
    tensors["sgd_losses"] = losses
    tensors.update({"sgd_final." + name: value for name, value in final.items()})
    loss_text = "mean((pred - y)^2) over all B*1 entries"
    return tensors, {**hyper(seed=8, I=I, H=H, B=B, T=T, loss=loss_text, sgd_lr=SGD_LR), **adam_hyper()}


def case_model_stacked_mnist():
    torch.manual_seed(9)
    I, H1, H2, C, B, T = 7, 8, 6, 10, 5, 6
    model = StackedModel(I, H1, H2, C)
    x = torch.randn(B, T, I)
    y = torch.randint(0, C, (B,)).float()

    def loss_of(m):
        return F.cross_entropy(m(x), y.long())

    tensors = model_tensors(model, loss_of, "logits", lambda m: m(x))
    tensors.update(x=x, y=y)
    loss_text = "F.cross_entropy(logits, y) = mean over the batch of -log softmax(logits)[y]"
    return tensors, {**hyper(seed=9, I=I, H1=H1, H2=H2, classes=C, B=B, T=T, loss=loss_text), **adam_hyper()}


def case_model_imdb_bilstm():
    torch.manual_seed(10)
    V, D, H, B, T = 20, 8, 6, 4, 7
    model = BidirectionalImdbModel(V, D, H)
    x = torch.randint(0, V, (B, T)).float()
    y = torch.randint(0, 2, (B,)).float()

    def loss_of(m):
        return F.binary_cross_entropy_with_logits(m(x).squeeze(1), y)

    tensors = model_tensors(model, loss_of, "probs", lambda m: torch.sigmoid(m(x)))
    tensors.update(x=x, y=y)
    loss_text = "BCEWithLogitsLoss(logit[:, 0], y), mean over the batch; probs = sigmoid(logit)"
    return tensors, {**hyper(seed=10, V=V, D=D, H=H, B=B, T=T, loss=loss_text), **adam_hyper()}


CASES = {
    "lstm_seq_init": case_lstm_seq_init,
    "lstm_last": case_lstm_last,
    "lstm_stacked": case_lstm_stacked,
    "simple_rnn": case_simple_rnn,
    "lstm_recdrop": case_lstm_recdrop,
    "gru_seq_init": case_gru_seq_init,
    "gru_last": case_gru_last,
    "gru_stacked": case_gru_stacked,
    "gru_recdrop": case_gru_recdrop,
    **bidirectional_cases(),
    "model_imdb": case_model_imdb,
    "model_mnist": case_model_mnist,
    "model_regression": case_model_regression,
    "model_stacked_mnist": case_model_stacked_mnist,
    "model_imdb_bilstm": case_model_imdb_bilstm,
}


def write_case(path, case, tensors, hyperparameters):
    """Writes one file and reads it back, so a writer bug cannot pass unnoticed."""
    metadata = {"torch_version": torch.__version__, "generator": "make_reference.py", "case": case, **hyperparameters}
    tensors = {name: value.detach().to(torch.float32).contiguous() for name, value in tensors.items()}
    write_safetensors(path, tensors, metadata)
    back, back_metadata = read_safetensors(path)
    assert back_metadata == metadata, f"{path}: metadata did not survive the round trip"
    assert sorted(back) == sorted(tensors), f"{path}: tensor names did not survive the round trip"
    for name, value in tensors.items():
        assert torch.equal(back[name], value), f"{path}: tensor {name} did not survive the round trip"


def write_check_load_sample(path):
    """A case-7-shaped model (lstm.*_l0, dense.*) with x (B,T,I) and its logits (B,10): the layout
    check_load.py expects from the C# library."""
    torch.manual_seed(77)
    I, H, C, B, T = 7, 8, 10, 5, 6
    model = LastStepModel(I, H, C)
    x = torch.randn(B, T, I)
    with torch.no_grad():
        logits = model(x)
    tensors = {name: p.detach().clone() for name, p in model.state_dict().items()}
    tensors.update(x=x, logits=logits)
    write_case(path, "check_load_sample", tensors, hyper(seed=77, I=I, H=H, classes=C, B=B, T=T))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", default=HERE, help="folder for the reference files (default: beside this script)")
    parser.add_argument("--check-load-sample", metavar="PATH", help="only write a check_load.py sample file to PATH")
    args = parser.parse_args()
    setup_torch()
    if args.check_load_sample:
        write_check_load_sample(args.check_load_sample)
        print(f"wrote {args.check_load_sample}")
        return 0
    os.makedirs(args.out, exist_ok=True)
    for case, make in CASES.items():
        tensors, hyperparameters = make()
        path = os.path.join(args.out, case + ".safetensors")
        write_case(path, case, tensors, hyperparameters)
        print(f"{path}: {len(tensors)} tensors, {os.path.getsize(path)} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())

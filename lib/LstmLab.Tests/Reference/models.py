"""The PyTorch models behind the model_*.safetensors cases. Attribute names are the tensor name
prefixes (embedding, lstm, lstm1, lstm2, bidirectional, dense), so state_dict() keys are the file's names."""

import torch
from torch import nn


class ImdbModel(nn.Module):
    """Embedding(V, D) -> LSTM(D -> H, zero state, last output) -> Linear(H -> 1); returns the logit (B, 1)."""

    def __init__(self, vocab, dim, units):
        super().__init__()
        self.embedding = nn.Embedding(vocab, dim)
        self.lstm = nn.LSTM(dim, units, batch_first=True)
        self.dense = nn.Linear(units, 1)

    def forward(self, ids):
        # ids (B, T) float token ids -> logit (B, 1)
        sequence, _ = self.lstm(self.embedding(ids.long()))
        return self.dense(sequence[:, -1])


class LastStepModel(nn.Module):
    """LSTM(I -> H, zero state, last output) -> Linear(H -> outputs): the MNIST and regression shape."""

    def __init__(self, inputs, units, outputs):
        super().__init__()
        self.lstm = nn.LSTM(inputs, units, batch_first=True)
        self.dense = nn.Linear(units, outputs)

    def forward(self, x):
        # x (B, T, I) -> (B, outputs)
        sequence, _ = self.lstm(x)
        return self.dense(sequence[:, -1])


class StackedModel(nn.Module):
    """lstm1 (I -> H1, sequences) -> lstm2 (H1 -> H2, last output) -> dense (H2 -> outputs)."""

    def __init__(self, inputs, units1, units2, outputs):
        super().__init__()
        self.lstm1 = nn.LSTM(inputs, units1, batch_first=True)
        self.lstm2 = nn.LSTM(units1, units2, batch_first=True)
        self.dense = nn.Linear(units2, outputs)

    def forward(self, x):
        # x (B, T, I) -> (B, T, H1) -> last step of (B, T, H2) -> (B, outputs)
        first, _ = self.lstm1(x)
        second, _ = self.lstm2(first)
        return self.dense(second[:, -1])


class BidirectionalImdbModel(nn.Module):
    """Embedding(V, D) -> LSTM(D -> H, bidirectional, zero state) -> Linear(2H -> 1); returns the logit (B, 1).
    As Keras's Bidirectional(LSTM(H)) without sequences, the LSTM's output is [h_n forward, h_n reverse]."""

    def __init__(self, vocab, dim, units):
        super().__init__()
        self.embedding = nn.Embedding(vocab, dim)
        self.bidirectional = nn.LSTM(dim, units, batch_first=True, bidirectional=True)
        self.dense = nn.Linear(2 * units, 1)

    def forward(self, ids):
        # ids (B, T) float token ids -> h_n (2, B, H) -> (B, 2H) -> logit (B, 1)
        _, (h_n, _) = self.bidirectional(self.embedding(ids.long()))
        return self.dense(torch.cat([h_n[0], h_n[1]], dim=1))


RECURRENT_MODULES = {4: nn.LSTM, 3: nn.GRU, 1: nn.RNN}  # by the gate count, rows of weight_hh / H


class BidirectionalLastStepModel(nn.Module):
    """bidirectional (I -> H each way, zero state) -> dense (2H -> outputs): Keras's Bidirectional(layer) without
    sequences, whose output is [h_n forward, h_n reverse]. gates: 4 (LSTM), 3 (GRU) or 1 (tanh RNN)."""

    def __init__(self, gates, inputs, units, outputs):
        super().__init__()
        self.bidirectional = RECURRENT_MODULES[gates](inputs, units, batch_first=True, bidirectional=True)
        self.dense = nn.Linear(2 * units, outputs)

    def forward(self, x):
        # x (B, T, I) -> h_n (2, B, H) -> (B, 2H) -> (B, outputs)
        _, final = self.bidirectional(x)
        h_n = final[0] if isinstance(final, tuple) else final
        return self.dense(torch.cat([h_n[0], h_n[1]], dim=1))

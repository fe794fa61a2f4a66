"""The PyTorch models behind the model_*.safetensors cases. Attribute names are the tensor name
prefixes (embedding, lstm, lstm1, lstm2, dense), so state_dict() keys are the file's names."""

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

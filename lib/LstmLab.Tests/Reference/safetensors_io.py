"""A tiny pure-Python safetensors reader and writer (F32 only), so no pip package is needed.

File layout: 8-byte little-endian u64 header length N, then N bytes of UTF-8 JSON
{"__metadata__": {str: str}, "name": {"dtype": "F32", "shape": [...], "data_offsets": [begin, end]}},
then the raw little-endian tensor bytes. Offsets count from the first byte after the header.
"""

import json
import math
import os
import struct
import tempfile

import numpy as np
import torch


def write_safetensors(path, tensors, metadata):
    """Writes float32 tensors in sorted-name order with contiguous offsets, atomically
    (temp file in the same folder, then rename), so the bytes depend only on the values."""
    for key, value in metadata.items():
        if not isinstance(key, str) or not isinstance(value, str):
            raise TypeError(f"{path}: metadata {key!r} must map a string to a string, got {value!r}")
    header = {"__metadata__": dict(sorted(metadata.items()))}
    blobs = []
    offset = 0
    for name in sorted(tensors):
        tensor = tensors[name]
        if tensor.dtype != torch.float32:
            raise TypeError(f"{path}: tensor {name!r} expected dtype float32, got {tensor.dtype}")
        data = tensor.detach().contiguous().numpy().astype("<f4", copy=False).tobytes()
        header[name] = {"dtype": "F32", "shape": list(tensor.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    # Spaces pad the header so the tensor data starts 8-byte aligned.
    text += b" " * (-len(text) % 8)
    folder = os.path.dirname(os.path.abspath(path))
    handle, temp = tempfile.mkstemp(prefix=".tmp-", suffix=".safetensors", dir=folder)
    try:
        with os.fdopen(handle, "wb") as f:
            f.write(struct.pack("<Q", len(text)))
            f.write(text)
            for blob in blobs:
                f.write(blob)
        os.chmod(temp, 0o644)  # mkstemp creates 0600; the reference files are for everyone to read
        os.replace(temp, path)
    except BaseException:
        if os.path.exists(temp):
            os.remove(temp)
        raise


def read_safetensors(path):
    """Returns (tensors, metadata): a dict name -> float32 torch tensor and the __metadata__ dict."""
    with open(path, "rb") as f:
        blob = f.read()
    if len(blob) < 8:
        raise ValueError(f"{path}: file is {len(blob)} bytes, expected at least 8 (the header length)")
    (header_length,) = struct.unpack("<Q", blob[:8])
    if 8 + header_length > len(blob):
        raise ValueError(f"{path}: header length {header_length} runs past the end of the {len(blob)}-byte file")
    header = json.loads(blob[8 : 8 + header_length].decode("utf-8"))
    metadata = header.pop("__metadata__", {}) or {}
    data = blob[8 + header_length :]
    tensors = {}
    for name, info in header.items():
        if info.get("dtype") != "F32":
            raise ValueError(f"{path}: tensor {name!r} expected dtype F32, got {info.get('dtype')!r}")
        shape = [int(d) for d in info["shape"]]
        begin, end = (int(v) for v in info["data_offsets"])
        expected = 4 * math.prod(shape)
        if end - begin != expected:
            raise ValueError(f"{path}: tensor {name!r} of shape {shape} expected {expected} bytes, got {end - begin}")
        if end > len(data):
            raise ValueError(f"{path}: tensor {name!r} ends at byte {end} but the data holds {len(data)} bytes")
        values = np.frombuffer(data, dtype="<f4", count=expected // 4, offset=begin).reshape(shape)
        tensors[name] = torch.from_numpy(values.astype(np.float32, copy=True))
    return tensors, metadata

using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using LstmLab.Tensors;

namespace LstmLab.IO;

/// <summary>
/// Reads and writes the safetensors format (an 8-byte little-endian header length, a JSON header of
/// names, dtypes, shapes and byte offsets, then raw little-endian data). Only data, never code,
/// so loading a file cannot run anything. Tensors here are float32 ("F32").
/// </summary>
public static class SafeTensors
{
    /// <summary>Headers larger than this are rejected before anything of that size is allocated.</summary>
    public const int MaxHeaderBytes = 16 * 1024 * 1024;

    /// <summary>Writes <paramref name="tensors"/> (sorted by name) and string metadata atomically.</summary>
    public static void Write(
        string path,
        IReadOnlyDictionary<string, Tensor> tensors,
        IReadOnlyDictionary<string, string>? metadata = null
    ) => AtomicFile.Write(path, stream => Write(stream, tensors, metadata));

    /// <summary>Writes the safetensors bytes to <paramref name="stream"/>.</summary>
    public static void Write(
        Stream stream,
        IReadOnlyDictionary<string, Tensor> tensors,
        IReadOnlyDictionary<string, string>? metadata = null
    )
    {
        var header = new JsonObject();
        if (metadata is { Count: > 0 })
        {
            var meta = new JsonObject();
            foreach (var (key, value) in metadata.OrderBy(p => p.Key, StringComparer.Ordinal))
                meta[key] = value;
            header["__metadata__"] = meta;
        }
        var names = tensors.Keys.OrderBy(n => n, StringComparer.Ordinal).ToList();
        long offset = 0;
        foreach (var name in names)
        {
            var tensor = tensors[name];
            long end = offset + 4L * tensor.Length;
            header[name] = new JsonObject
            {
                ["dtype"] = "F32",
                ["shape"] = new JsonArray(tensor.Shape.Select(d => (JsonNode)d).ToArray()),
                ["data_offsets"] = new JsonArray(offset, end),
            };
            offset = end;
        }
        var json = Encoding.UTF8.GetBytes(header.ToJsonString());
        int padded = (json.Length + 7) / 8 * 8;
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)padded);
        stream.Write(length);
        stream.Write(json);
        for (int i = json.Length; i < padded; i++)
            stream.WriteByte((byte)' ');
        foreach (var name in names)
        {
            var data = tensors[name].Data;
            if (!BitConverter.IsLittleEndian)
                data = data.Select(v =>
                        BitConverter.Int32BitsToSingle(
                            BinaryPrimitives.ReverseEndianness(BitConverter.SingleToInt32Bits(v))
                        )
                    )
                    .ToArray();
            stream.Write(MemoryMarshal.AsBytes(data.AsSpan()));
        }
    }

    /// <summary>Reads every tensor of a safetensors file; errors name the file and what is wrong.</summary>
    /// <exception cref="FileNotFoundException">There is no file at <paramref name="path"/>.</exception>
    /// <exception cref="InvalidDataException">The file is not valid safetensors (see <see cref="Read(Stream, string)"/>).</exception>
    public static SafeTensorsFile Read(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            return Read(stream, path);
        }
        catch (FileNotFoundException)
        {
            throw new FileNotFoundException($"No safetensors file at {path}.", path);
        }
    }

    /// <summary>Reads every tensor from <paramref name="stream"/>; <paramref name="name"/> is used in errors.</summary>
    /// <exception cref="InvalidDataException">The bytes are not valid safetensors: too short, a header
    /// length beyond the file or <see cref="MaxHeaderBytes"/> (rejected before anything of that size is
    /// allocated), a header that is not a JSON object, a dtype other than F32, a shape that does not match
    /// its data_offsets, offsets with gaps or past the end. The message names the file and the tensor.</exception>
    public static SafeTensorsFile Read(Stream stream, string name)
    {
        long total = stream.CanSeek ? stream.Length : long.MaxValue;
        Span<byte> lengthBytes = stackalloc byte[8];
        if (stream.ReadAtLeast(lengthBytes, 8, throwOnEndOfStream: false) < 8)
            throw Bad(name, "it is shorter than the 8-byte header length");
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(lengthBytes);
        if (headerLength > MaxHeaderBytes || (long)headerLength > total - 8)
            throw Bad(
                name,
                $"the header claims {headerLength} bytes but the file has {total - 8} after the length (limit {MaxHeaderBytes})"
            );
        var headerBytes = new byte[headerLength];
        if (
            stream.ReadAtLeast(headerBytes, headerBytes.Length, throwOnEndOfStream: false)
            < headerBytes.Length
        )
            throw Bad(name, "the header is truncated");

        JsonObject header;
        try
        {
            header =
                JsonNode.Parse(Encoding.UTF8.GetString(headerBytes).TrimEnd(' ')) as JsonObject
                ?? throw Bad(name, "the header is not a JSON object");
        }
        catch (JsonException e)
        {
            throw Bad(name, $"the header is not valid JSON ({e.Message})");
        }

        var metadata = new Dictionary<string, string>();
        var entries = new List<(string Name, int[] Shape, long Begin, long End)>();
        foreach (var (key, node) in header)
        {
            if (key == "__metadata__")
            {
                if (node is JsonObject meta)
                    foreach (var (mk, mv) in meta)
                        metadata[mk] = mv?.ToString() ?? "";
                continue;
            }
            entries.Add(ParseEntry(name, key, node));
        }

        long dataLength = total == long.MaxValue ? long.MaxValue : total - 8 - (long)headerLength;
        long expectedOffset = 0;
        var tensors = new Dictionary<string, Tensor>();
        foreach (var entry in entries.OrderBy(e => e.Begin))
        {
            if (entry.Begin != expectedOffset)
                throw Bad(
                    name,
                    $"tensor '{entry.Name}' starts at byte {entry.Begin}, expected {expectedOffset}"
                );
            if (entry.End > dataLength)
                throw Bad(
                    name,
                    $"tensor '{entry.Name}' ends at byte {entry.End}, past the {dataLength} data bytes (truncated file?)"
                );
            var data = new float[(entry.End - entry.Begin) / 4];
            var bytes = MemoryMarshal.AsBytes(data.AsSpan());
            if (stream.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false) < bytes.Length)
                throw Bad(name, $"tensor '{entry.Name}' is truncated");
            if (!BitConverter.IsLittleEndian)
                BinaryPrimitives.ReverseEndianness(
                    MemoryMarshal.Cast<float, int>(data.AsSpan()),
                    MemoryMarshal.Cast<float, int>(data.AsSpan())
                );
            tensors[entry.Name] = new Tensor(data, entry.Shape);
            expectedOffset = entry.End;
        }
        return new SafeTensorsFile(tensors, metadata);
    }

    private static (string, int[], long, long) ParseEntry(string file, string key, JsonNode? node)
    {
        if (node is not JsonObject entry)
            throw Bad(file, $"entry '{key}' is not an object");
        string dtype = entry["dtype"]?.ToString() ?? "";
        if (dtype != "F32")
            throw Bad(file, $"tensor '{key}' has dtype {dtype}; only F32 (float32) is supported");
        try
        {
            var shape = entry["shape"]!.AsArray().Select(d => d!.GetValue<int>()).ToArray();
            var offsets = entry["data_offsets"]!
                .AsArray()
                .Select(d => d!.GetValue<long>())
                .ToArray();
            if (offsets.Length != 2 || offsets[0] < 0 || offsets[1] < offsets[0])
                throw Bad(
                    file,
                    $"tensor '{key}' has invalid data_offsets [{string.Join(", ", offsets)}]"
                );
            // Tensor.SizeOf multiplies longs unchecked: huge sizes could wrap to a small product.
            if (shape.Aggregate(1.0, (product, d) => product * d) > long.MaxValue / 4)
                throw Bad(
                    file,
                    $"tensor '{key}' has shape {Tensor.Format(shape)}, more values than any file can hold"
                );
            long size = Tensor.SizeOf(shape);
            if (offsets[1] - offsets[0] != 4 * size)
                throw Bad(
                    file,
                    $"tensor '{key}' of shape {Tensor.Format(shape)} needs {4 * size} bytes, but its offsets span {offsets[1] - offsets[0]}"
                );
            return (key, shape, offsets[0], offsets[1]);
        }
        catch (Exception e)
            when (e
                    is InvalidOperationException
                        or NullReferenceException
                        or FormatException
                        or ArgumentException
            )
        {
            throw Bad(file, $"tensor '{key}' has a malformed shape or data_offsets ({e.Message})");
        }
    }

    private static InvalidDataException Bad(string file, string why) =>
        new($"{file} is not a valid safetensors file: {why}.");
}

/// <summary>The tensors and string metadata read from a safetensors file.</summary>
public sealed record SafeTensorsFile(
    IReadOnlyDictionary<string, Tensor> Tensors,
    IReadOnlyDictionary<string, string> Metadata
)
{
    /// <summary>The tensor called <paramref name="name"/>, or an error listing the names there are.</summary>
    public Tensor this[string name] =>
        Tensors.TryGetValue(name, out var t)
            ? t
            : throw new KeyNotFoundException(
                $"No tensor '{name}' in the file; it has: {string.Join(", ", Tensors.Keys.Order())}."
            );
}

using System.Buffers.Binary;
using System.IO.Compression;

namespace LstmLab.Tests.Browser;

/// <summary>
/// Decodes an 8-bit RGB or RGBA PNG (what Chromium's canvas writes) into its pixels, to check a
/// picture is a real image and not blank. Follows the PNG spec: chunks, zlib data, row filters 0–4.
/// </summary>
internal sealed class PngPixels
{
    private static readonly byte[] Signature = [137, 80, 78, 71, 13, 10, 26, 10];

    private PngPixels(int width, int height, uint[] pixels)
    {
        Width = width;
        Height = height;
        Pixels = pixels;
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>Row-major pixels as 0xRRGGBBAA.</summary>
    public uint[] Pixels { get; }

    /// <summary>The share of pixels whose colour differs from the top-left pixel's (the background).</summary>
    public double InkedFraction => Pixels.Count(p => p != Pixels[0]) / (double)Pixels.Length;

    public static PngPixels Decode(byte[] png)
    {
        if (png.Length < 8 || !png.AsSpan(0, 8).SequenceEqual(Signature))
            throw new InvalidDataException("Not a PNG: the 8-byte signature is missing.");
        int width = 0,
            height = 0,
            channels = 0;
        using var data = new MemoryStream();
        for (int at = 8; at + 8 <= png.Length; )
        {
            int length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(at));
            string type = System.Text.Encoding.ASCII.GetString(png, at + 4, 4);
            var body = png.AsSpan(at + 8, length);
            if (type == "IHDR")
            {
                width = BinaryPrimitives.ReadInt32BigEndian(body);
                height = BinaryPrimitives.ReadInt32BigEndian(body[4..]);
                if (body[8] != 8 || body[12] != 0 || body[9] is not (2 or 6))
                    throw new InvalidDataException(
                        $"PNG: expected 8-bit RGB or RGBA without interlace, got depth {body[8]}, colour type {body[9]}, interlace {body[12]}."
                    );
                channels = body[9] == 6 ? 4 : 3;
            }
            else if (type == "IDAT")
                data.Write(body);
            at += 12 + length;
        }
        data.Position = 0;
        using var inflated = new MemoryStream();
        using (var zlib = new ZLibStream(data, CompressionMode.Decompress))
            zlib.CopyTo(inflated);
        byte[] raw = inflated.ToArray();
        int stride = width * channels;
        if (raw.Length != height * (stride + 1))
            throw new InvalidDataException(
                $"PNG: {raw.Length} bytes of pixel data, expected {height * (stride + 1)} for {width} × {height}."
            );
        var previous = new byte[stride];
        var row = new byte[stride];
        var pixels = new uint[width * height];
        for (int y = 0; y < height; y++)
        {
            int filter = raw[y * (stride + 1)];
            for (int i = 0; i < stride; i++)
            {
                int x = raw[y * (stride + 1) + 1 + i];
                int a = i >= channels ? row[i - channels] : 0;
                int b = previous[i];
                int c = i >= channels ? previous[i - channels] : 0;
                row[i] = (byte)(
                    filter switch
                    {
                        0 => x,
                        1 => x + a,
                        2 => x + b,
                        3 => x + (a + b) / 2,
                        4 => x + Paeth(a, b, c),
                        _ => throw new InvalidDataException($"PNG: row {y} has filter {filter}."),
                    }
                );
            }
            for (int p = 0; p < width; p++)
            {
                int o = p * channels;
                uint alpha = channels == 4 ? row[o + 3] : 255u;
                pixels[y * width + p] =
                    (uint)row[o] << 24 | (uint)row[o + 1] << 16 | (uint)row[o + 2] << 8 | alpha;
            }
            (previous, row) = (row, previous);
        }
        return new PngPixels(width, height, pixels);
    }

    private static int Paeth(int a, int b, int c)
    {
        int p = a + b - c;
        int pa = Math.Abs(p - a),
            pb = Math.Abs(p - b),
            pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a
            : pb <= pc ? b
            : c;
    }
}

using System.Buffers.Binary;
using System.Text;
using FsCheck;
using FsCheck.Fluent;

namespace LstmLab.Tests.Fuzzing;

/// <summary>
/// Generators of bad inputs: random bytes, and valid files with one to four mutations
/// (bit flips, overwritten bytes, truncation, inserted or deleted bytes, huge length fields
/// in binary or in digits).
/// </summary>
internal static class Mutations
{
    /// <summary>0 to 300 random bytes.</summary>
    public static Gen<byte[]> RandomBytes { get; } =
        Gen.Choose(0, 300).SelectMany(n => Gen.ArrayOf(AnyByte, n));

    /// <summary><paramref name="valid"/> with one to four mutations; <paramref name="lengthFields"/> are offsets of binary size fields.</summary>
    public static Gen<byte[]> Of(byte[] valid, params LengthField[] lengthFields) =>
        Gen.Choose(1, 4)
            .SelectMany(n => Gen.ArrayOf(One(lengthFields), n))
            .Select(steps => steps.Aggregate((byte[])valid.Clone(), (bytes, step) => step(bytes)));

    /// <summary>Random bytes half of the time, a mutation of <paramref name="valid"/> otherwise.</summary>
    public static Arbitrary<byte[]> RandomOrMutated(
        byte[] valid,
        params LengthField[] lengthFields
    ) => Gen.Frequency((1, RandomBytes), (3, Of(valid, lengthFields))).ToArbitrary();

    private static Gen<byte> AnyByte { get; } = Gen.Choose(0, 255).Select(b => (byte)b);

    private static readonly long[] HugeValues =
    [
        int.MaxValue,
        uint.MaxValue,
        1L << 30,
        1L << 40,
        long.MaxValue,
        -1,
        0,
    ];

    private static readonly string[] HugeDigits =
    [
        "99999999999999999999999",
        "4294967296",
        "2147483648",
        "77777777777",
        "-1",
        "1e308",
        "0",
    ];

    private static Gen<Func<byte[], byte[]>> One(LengthField[] lengthFields)
    {
        var position = Gen.Choose(0, int.MaxValue);
        var mutations = new List<(int, Gen<Func<byte[], byte[]>>)>
        {
            (4, Gen.Zip(position, Gen.Choose(0, 7), (p, bit) => Func(b => FlipBit(b, p, bit)))),
            (3, Gen.Zip(position, AnyByte, (p, value) => Func(b => SetByte(b, p, value)))),
            (2, position.Select(p => Func(b => b.Length == 0 ? b : b[..(p % b.Length)]))),
            (
                2,
                Gen.Zip(
                    position,
                    Gen.ArrayOf(AnyByte, 8),
                    (p, extra) => Func(b => Insert(b, p, extra))
                )
            ),
            (1, Gen.Zip(position, Gen.Choose(1, 16), (p, n) => Func(b => Delete(b, p, n)))),
            (
                2,
                Gen.Zip(
                    position,
                    Gen.Elements(HugeDigits),
                    (p, d) => Func(b => ReplaceDigits(b, p, d))
                )
            ),
        };
        if (lengthFields.Length > 0)
            mutations.Add(
                (
                    3,
                    Gen.Zip(
                        Gen.Elements(lengthFields),
                        Gen.Elements(HugeValues),
                        (field, value) => Func(b => field.Write(b, value))
                    )
                )
            );
        return Gen.Frequency(mutations);
    }

    private static Func<byte[], byte[]> Func(Func<byte[], byte[]> f) => f;

    private static byte[] FlipBit(byte[] bytes, int position, int bit)
    {
        if (bytes.Length > 0)
            bytes[position % bytes.Length] ^= (byte)(1 << bit);
        return bytes;
    }

    private static byte[] SetByte(byte[] bytes, int position, byte value)
    {
        if (bytes.Length > 0)
            bytes[position % bytes.Length] = value;
        return bytes;
    }

    private static byte[] Insert(byte[] bytes, int position, byte[] extra)
    {
        int at = position % (bytes.Length + 1);
        return [.. bytes[..at], .. extra, .. bytes[at..]];
    }

    private static byte[] Delete(byte[] bytes, int position, int count)
    {
        if (bytes.Length == 0)
            return bytes;
        int at = position % bytes.Length;
        return [.. bytes[..at], .. bytes[Math.Min(bytes.Length, at + count)..]];
    }

    /// <summary>Replaces one run of ASCII digits (a size in JSON, octal in tar, a value in CSV) with <paramref name="digits"/>.</summary>
    private static byte[] ReplaceDigits(byte[] bytes, int position, string digits)
    {
        var runs = new List<(int Start, int End)>();
        for (int i = 0; i < bytes.Length; )
        {
            if (!char.IsAsciiDigit((char)bytes[i]))
            {
                i++;
                continue;
            }
            int start = i;
            while (i < bytes.Length && char.IsAsciiDigit((char)bytes[i]))
                i++;
            runs.Add((start, i));
        }
        if (runs.Count == 0)
            return bytes;
        var (from, to) = runs[position % runs.Count];
        return [.. bytes[..from], .. Encoding.ASCII.GetBytes(digits), .. bytes[to..]];
    }
}

/// <summary>A binary size field of a format: where it is and how it is written.</summary>
internal sealed record LengthField(int Offset, int Width, bool BigEndian)
{
    /// <summary>Writes <paramref name="value"/> into the field (if the input still reaches it).</summary>
    public byte[] Write(byte[] bytes, long value)
    {
        if (bytes.Length < Offset + Width)
            return bytes;
        var span = bytes.AsSpan(Offset, Width);
        if (Width == 8 && BigEndian)
            BinaryPrimitives.WriteInt64BigEndian(span, value);
        else if (Width == 8)
            BinaryPrimitives.WriteInt64LittleEndian(span, value);
        else if (BigEndian)
            BinaryPrimitives.WriteInt32BigEndian(span, (int)value);
        else
            BinaryPrimitives.WriteInt32LittleEndian(span, (int)value);
        return bytes;
    }
}

namespace LstmLab.Sources;

/// <summary>
/// The CRC-32 that gzip records in its trailer (ISO 3309 / ITU-T V.42: reflected polynomial
/// 0xEDB88320, initial value and final XOR 0xFFFFFFFF). Computed eight bytes per step
/// ("slicing by 8"): table k holds the CRC of a byte followed by k zero bytes.
/// </summary>
internal static class Crc32
{
    private static readonly uint[][] Tables = BuildTables();

    /// <summary>The CRC of nothing; pass it to the first <see cref="Append"/>.</summary>
    public const uint Empty = 0;

    /// <summary>The CRC of the bytes seen so far (<paramref name="crc"/>) followed by <paramref name="bytes"/>.</summary>
    public static uint Append(uint crc, ReadOnlySpan<byte> bytes)
    {
        uint[] t0 = Tables[0],
            t1 = Tables[1],
            t2 = Tables[2],
            t3 = Tables[3];
        uint[] t4 = Tables[4],
            t5 = Tables[5],
            t6 = Tables[6],
            t7 = Tables[7];
        uint c = ~crc;
        while (bytes.Length >= 8)
        {
            uint low = c ^ System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(bytes);
            uint high = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(bytes[4..]);
            c =
                t7[low & 0xFF]
                ^ t6[(low >> 8) & 0xFF]
                ^ t5[(low >> 16) & 0xFF]
                ^ t4[low >> 24]
                ^ t3[high & 0xFF]
                ^ t2[(high >> 8) & 0xFF]
                ^ t1[(high >> 16) & 0xFF]
                ^ t0[high >> 24];
            bytes = bytes[8..];
        }
        foreach (byte b in bytes)
            c = t0[(c ^ b) & 0xFF] ^ (c >> 8);
        return ~c;
    }

    private static uint[][] BuildTables()
    {
        var tables = new uint[8][];
        tables[0] = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            uint c = n;
            for (int bit = 0; bit < 8; bit++)
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            tables[0][n] = c;
        }
        for (int k = 1; k < 8; k++)
        {
            tables[k] = new uint[256];
            for (int n = 0; n < 256; n++)
                tables[k][n] = tables[0][tables[k - 1][n] & 0xFF] ^ (tables[k - 1][n] >> 8);
        }
        return tables;
    }
}

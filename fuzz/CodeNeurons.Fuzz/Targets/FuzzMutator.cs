// Shared by the fuzzing harness and the CI smoke runs (compiled by link into the test projects).
namespace CodeNeurons.Fuzz;

/// <summary>
/// A deterministic byte mutator in the style of libFuzzer/AFL havoc: bit flips, interesting integers, random bytes,
/// insertions and deletions, block copies, splices with another input, and tokens from a dictionary of JSON/number/pickle
/// syntax. The same seed and inputs give the same mutations.
/// </summary>
public sealed class FuzzMutator(int seed, int maxLength = 1 << 16)
{
    private readonly Random _random = new(seed);

    private static readonly byte[][] Dictionary =
    [
        "\""u8.ToArray(), "{"u8.ToArray(), "}"u8.ToArray(), "["u8.ToArray(), "]"u8.ToArray(), ","u8.ToArray(), ":"u8.ToArray(),
        "null"u8.ToArray(), "true"u8.ToArray(), "false"u8.ToArray(), "-1"u8.ToArray(), "0"u8.ToArray(), "1e308"u8.ToArray(),
        "-1e308"u8.ToArray(), "NaN"u8.ToArray(), "Infinity"u8.ToArray(), "2147483647"u8.ToArray(), "4294967296"u8.ToArray(),
        "9223372036854775807"u8.ToArray(), "\\u0000"u8.ToArray(), "\\ud800"u8.ToArray(), "\n"u8.ToArray(), "\r"u8.ToArray(),
        " "u8.ToArray(), "\t"u8.ToArray(), [0], [0xFF], [0xEF, 0xBB, 0xBF], [0xC3], [0xF0, 0x9F, 0x98, 0x80],
        "\"dtype\""u8.ToArray(), "\"shape\""u8.ToArray(), "\"data_offsets\""u8.ToArray(), "\"F32\""u8.ToArray(), "\"F16\""u8.ToArray(),
        "\"I64\""u8.ToArray(), "\"BF16\""u8.ToArray(), "\"features\""u8.ToArray(), "\"layers\""u8.ToArray(), "\"values\""u8.ToArray(),
        "\"model\""u8.ToArray(), "\"vocab\""u8.ToArray(), "\"merges\""u8.ToArray(), "\"type\""u8.ToArray(), "\"added_tokens\""u8.ToArray(),
        "\"tokens\""u8.ToArray(), "\"neurons\""u8.ToArray(), "\"num_layers\""u8.ToArray(), "\"hidden_size\""u8.ToArray(),
        "\"model_type\""u8.ToArray(), "\"num_hidden_layers\""u8.ToArray(), "##"u8.ToArray(), "Ġ"u8.ToArray(), "[UNK]"u8.ToArray(),
        [0x80, 0x02], [0x8A], [0x5D], [0x7D], [0x71], [0x68], [0x58], [0x4B], [0x4A], [0x8C], [0x94], [0x2E], [0x52], [0x62], [0x28], [0x74],
    ];

    private static readonly long[] Interesting =
        [0, 1, -1, 2, 7, 8, 16, 64, 127, 128, 255, 256, 32767, 32768, 65535, 65536, int.MaxValue, int.MinValue, uint.MaxValue,
         long.MaxValue, long.MinValue, 1L << 40, -(1L << 31) - 1];

    /// <summary>A mutation of <paramref name="input"/> (1–4 stacked operations); <paramref name="other"/> is used for splices.</summary>
    public byte[] Mutate(byte[] input, byte[]? other = null)
    {
        var data = new List<byte>(input);
        int ops = 1 + _random.Next(4);
        for (int o = 0; o < ops; o++) MutateOnce(data, other);
        if (data.Count > maxLength) data.RemoveRange(maxLength, data.Count - maxLength);
        return [.. data];
    }

    private void MutateOnce(List<byte> d, byte[]? other)
    {
        int n = d.Count;
        switch (_random.Next(12))
        {
            case 0 when n > 0: // flip a bit
            { int i = _random.Next(n); d[i] ^= (byte)(1 << _random.Next(8)); break; }
            case 1 when n > 0: // a random byte
                d[_random.Next(n)] = (byte)_random.Next(256); break;
            case 2 when n > 0: // an interesting byte
                d[_random.Next(n)] = (byte)(new byte[] { 0, 1, 0x7F, 0x80, 0xFF, (byte)'0', (byte)'9', (byte)'-', (byte)'.' })[_random.Next(9)]; break;
            case 3 when n >= 2: // an interesting integer, 2/4/8 bytes little-endian
            {
                int width = 1 << (1 + _random.Next(3));
                if (width > n) width = 2;
                int at = _random.Next(n - width + 1);
                long v = Interesting[_random.Next(Interesting.Length)];
                for (int b = 0; b < width; b++) d[at + b] = (byte)(v >> (8 * b));
                break;
            }
            case 4 when n > 0: // delete a range
            { int at = _random.Next(n); d.RemoveRange(at, Math.Min(n - at, 1 + _random.Next(Math.Min(n, 64)))); break; }
            case 5: // insert random bytes
            {
                int at = _random.Next(n + 1), len = 1 + _random.Next(16);
                var bytes = new byte[len];
                _random.NextBytes(bytes);
                d.InsertRange(at, bytes);
                break;
            }
            case 6 when n > 0: // copy a block elsewhere (insert)
            {
                int from = _random.Next(n), len = 1 + _random.Next(Math.Min(n - from, 128));
                d.InsertRange(_random.Next(n + 1), d.GetRange(from, len));
                break;
            }
            case 7 when n > 1: // overwrite with a block from elsewhere
            {
                int from = _random.Next(n), len = 1 + _random.Next(Math.Min(n - from, 64)), to = _random.Next(n);
                var block = d.GetRange(from, len);
                for (int b = 0; b < block.Count && to + b < n; b++) d[to + b] = block[b];
                break;
            }
            case 8: // insert a dictionary token
                d.InsertRange(_random.Next(n + 1), Dictionary[_random.Next(Dictionary.Length)]); break;
            case 9 when n > 0: // overwrite with a dictionary token
            {
                var token = Dictionary[_random.Next(Dictionary.Length)];
                int at = _random.Next(n);
                for (int b = 0; b < token.Length && at + b < n; b++) d[at + b] = token[b];
                break;
            }
            case 10 when other is { Length: > 0 } && n > 0: // splice: my head + other's tail
            {
                int cut = _random.Next(n), from = _random.Next(other.Length);
                d.RemoveRange(cut, n - cut);
                d.AddRange(other.AsSpan(from).ToArray());
                break;
            }
            case 11 when n > 0: // truncate
            { int keep = _random.Next(n); d.RemoveRange(keep, n - keep); break; }
            default: // an ASCII digit run (numbers drive sizes and offsets)
            {
                var digits = _random.Next(20).ToString(System.Globalization.CultureInfo.InvariantCulture);
                if (_random.Next(2) == 0) digits = new string('9', 1 + _random.Next(20));
                d.InsertRange(_random.Next(n + 1), System.Text.Encoding.ASCII.GetBytes(digits));
                break;
            }
        }
    }
}

using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace CodeNeurons.Torch.Models;

/// <summary>
/// Reads the state dict of a <c>pytorch_model.bin</c> written by <c>torch.save</c>, in the legacy format of PyTorch &lt; 1.6
/// (consecutive pickles, storages appended) or the zip format of PyTorch ≥ 1.6:
/// <c>&lt;root&gt;/data.pkl</c> is a pickle of a dict of tensors, each rebuilt by <c>torch._utils._rebuild_tensor_v2</c>
/// from a persistent-id storage <c>('storage', torch.FloatStorage, key, location, numel)</c> whose bytes are <c>&lt;root&gt;/data/&lt;key&gt;</c>.
/// Only the pickle opcodes such a file uses are supported; no code from the file is ever run.
/// Float, Half and BFloat16 storages are converted to float32.
/// </summary>
public static class TorchPickleReader
{
    /// <summary>Reads every tensor of the state dict as float32.</summary>
    /// <param name="path">The <c>.bin</c> file.</param>
    /// <returns>The tensors by name.</returns>
    /// <exception cref="InvalidDataException">The file is not a readable torch checkpoint (truncated, unsupported pickle content or storage type); the message names the file.</exception>
    public static IReadOnlyDictionary<string, CheckpointTensor> Read(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            Span<byte> magic = stackalloc byte[4];
            int n = stream.ReadAtLeast(magic, 4, throwOnEndOfStream: false);
            stream.Position = 0;
            bool isZip = n == 4 && magic[0] == (byte)'P' && magic[1] == (byte)'K';
            var obj = isZip ? ReadZip(stream) : ReadLegacy(stream);
            if (obj is not Dictionary<object, object?> dict) throw new InvalidDataException("the pickle is not a dict of tensors");
            var result = new Dictionary<string, CheckpointTensor>(StringComparer.Ordinal);
            foreach (var (k, v) in dict)
                if (k is string name && v is PendingTensor t) result[name] = t.Materialize();
            return result;
        }
        catch (Exception ex) when (ex is InvalidDataException or EndOfStreamException or IOException or InvalidCastException or IndexOutOfRangeException or ArgumentException or NotSupportedException or KeyNotFoundException or FormatException or OverflowException)
        {
            if (ex is FileNotFoundException) throw;
            throw new InvalidDataException($"PyTorch checkpoint '{path}' could not be read (truncated or not written by torch.save?): {ex.Message}", ex);
        }
    }

    /// <summary>The zip format (PyTorch ≥ 1.6): data.pkl plus one entry per storage.</summary>
    private static object? ReadZip(Stream stream)
    {
        using var zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
        var pkl = zip.Entries.FirstOrDefault(e => e.FullName == "data.pkl" || e.FullName.EndsWith("/data.pkl", StringComparison.Ordinal))
            ?? throw new InvalidDataException("the archive has no data.pkl entry");
        string root = pkl.FullName[..^"data.pkl".Length];
        var unpickler = new Unpickler(ReadEntry(pkl), 0);
        var obj = unpickler.Load();
        foreach (var storage in unpickler.Storages.Values)
        {
            var entry = zip.GetEntry(root + "data/" + storage.Key) ?? throw new InvalidDataException($"the archive has no storage entry '{root}data/{storage.Key}'");
            storage.Bytes = ReadEntry(entry);
        }
        return obj;
    }

    /// <summary>The legacy format (PyTorch &lt; 1.6, e.g. microsoft/codebert-base): pickles of the magic number, the protocol
    /// version, system info, the object, and the list of storage keys, then each storage as an int64 element count and its bytes.</summary>
    private static object? ReadLegacy(Stream stream)
    {
        using var ms = new MemoryStream();
        stream.CopyTo(ms);
        byte[] data = ms.ToArray();
        var magicPickle = new Unpickler(data, 0);
        if (magicPickle.Load() is not System.Numerics.BigInteger m || m != LegacyMagic)
            throw new InvalidDataException("the file is neither a zip archive nor a legacy torch.save file (bad magic number)");
        var version = new Unpickler(data, magicPickle.Position);
        if (version.Load() is not long v || v != 1001) throw new InvalidDataException("unsupported legacy torch.save protocol version");
        var sysInfo = new Unpickler(data, version.Position);
        sysInfo.Load();
        var main = new Unpickler(data, sysInfo.Position);
        var obj = main.Load();
        var keysPickle = new Unpickler(data, main.Position);
        var keys = keysPickle.Load() as List<object?> ?? throw new InvalidDataException("the storage key list is missing");
        int pos = keysPickle.Position;
        foreach (var key in keys.Cast<string>())
        {
            var storage = main.Storages[key];
            if (pos + 8 > data.Length) throw new EndOfStreamException("the storage data ends early");
            long count = BinaryPrimitives.ReadInt64LittleEndian(data.AsSpan(pos));
            long bytes = count * storage.ElementSize;
            pos += 8;
            if (count < 0 || pos + bytes > data.Length) throw new EndOfStreamException($"storage '{key}' ends early");
            storage.Bytes = data.AsSpan(pos, (int)bytes).ToArray();
            pos += (int)bytes;
        }
        return obj;
    }

    private static readonly System.Numerics.BigInteger LegacyMagic = System.Numerics.BigInteger.Parse("1950A86A20F9469CFC6C", System.Globalization.NumberStyles.HexNumber);

    private static byte[] ReadEntry(ZipArchiveEntry entry)
    {
        using var s = entry.Open();
        using var ms = new MemoryStream();
        s.CopyTo(ms);
        if (ms.Length != entry.Length) throw new InvalidDataException($"entry '{entry.FullName}' is truncated");
        return ms.ToArray();
    }

    private sealed record Global(string Module, string Name);

    private sealed class StorageRef(string dtype, string key)
    {
        public string DType { get; } = dtype;

        public string Key { get; } = key;

        public byte[]? Bytes { get; set; }

        public int ElementSize => DType switch
        {
            "FloatStorage" => 4,
            "HalfStorage" or "BFloat16Storage" => 2,
            _ => throw new InvalidDataException($"unsupported storage type {DType}; supported are FloatStorage, HalfStorage, BFloat16Storage"),
        };
    }

    /// <summary>A tensor whose storage bytes may not be read yet (legacy files put them after the pickle).</summary>
    private sealed record PendingTensor(StorageRef Storage, long Offset, long[] Shape, long[] Stride)
    {
        public CheckpointTensor Materialize() => Unpickler.RebuildTensor(Storage, Offset, Shape, Stride);
    }

    private sealed class Mark;

    private sealed class Unpickler(byte[] data, int start)
    {
        private int _pos = start;

        public int Position => _pos;

        public Dictionary<string, StorageRef> Storages { get; } = new(StringComparer.Ordinal);

        private readonly List<object?> _stack = [];
        private readonly Dictionary<int, object?> _memo = [];
        private static readonly Mark MarkObject = new();

        private byte U8() => _pos < data.Length ? data[_pos++] : throw new EndOfStreamException("the pickle ends early");

        private ReadOnlySpan<byte> Bytes(int n)
        {
            if (n < 0 || _pos + n > data.Length) throw new EndOfStreamException("the pickle ends early");
            var s = data.AsSpan(_pos, n);
            _pos += n;
            return s;
        }

        private string Line()
        {
            int end = Array.IndexOf(data, (byte)'\n', _pos);
            if (end < 0) throw new EndOfStreamException("the pickle ends early");
            string s = Encoding.UTF8.GetString(data, _pos, end - _pos);
            _pos = end + 1;
            return s;
        }

        private object? Pop()
        {
            if (_stack.Count == 0) throw new InvalidDataException("pickle stack underflow");
            var o = _stack[^1];
            _stack.RemoveAt(_stack.Count - 1);
            return o;
        }

        private List<object?> PopMark()
        {
            int i = _stack.FindLastIndex(o => o is Mark);
            if (i < 0) throw new InvalidDataException("pickle MARK missing");
            var items = _stack.GetRange(i + 1, _stack.Count - i - 1);
            _stack.RemoveRange(i, _stack.Count - i);
            return items;
        }

        public object? Load()
        {
            while (true)
            {
                byte op = U8();
                switch (op)
                {
                    case 0x80: U8(); break; // PROTO
                    case 0x95: Bytes(8); break; // FRAME
                    case (byte)'.': return Pop(); // STOP
                    case (byte)'(': _stack.Add(MarkObject); break;
                    case (byte)'}': _stack.Add(new Dictionary<object, object?>()); break;
                    case (byte)']': _stack.Add(new List<object?>()); break;
                    case (byte)')': _stack.Add(Array.Empty<object?>()); break;
                    case (byte)'N': _stack.Add(null); break;
                    case 0x88: _stack.Add(true); break;
                    case 0x89: _stack.Add(false); break;
                    case (byte)'K': _stack.Add((long)U8()); break;
                    case (byte)'M': _stack.Add((long)BinaryPrimitives.ReadUInt16LittleEndian(Bytes(2))); break;
                    case (byte)'J': _stack.Add((long)BinaryPrimitives.ReadInt32LittleEndian(Bytes(4))); break;
                    case 0x8a: // LONG1
                    {
                        int n = U8();
                        var b = Bytes(n);
                        if (n > 8)
                        {
                            _stack.Add(new System.Numerics.BigInteger(b, isUnsigned: false, isBigEndian: false));
                            break;
                        }
                        long v = 0;
                        for (int i = n - 1; i >= 0; i--) v = (v << 8) | b[i];
                        if (n is > 0 and < 8 && (b[n - 1] & 0x80) != 0) v -= 1L << (8 * n);
                        _stack.Add(v);
                        break;
                    }
                    case (byte)'G': _stack.Add(BinaryPrimitives.ReadDoubleBigEndian(Bytes(8))); break;
                    case (byte)'X': { int n = BinaryPrimitives.ReadInt32LittleEndian(Bytes(4)); _stack.Add(Encoding.UTF8.GetString(Bytes(n))); break; }
                    case 0x8c: { int n = U8(); _stack.Add(Encoding.UTF8.GetString(Bytes(n))); break; }
                    case (byte)'U': { int n = U8(); _stack.Add(Encoding.Latin1.GetString(Bytes(n))); break; }
                    case (byte)'T': { int n = BinaryPrimitives.ReadInt32LittleEndian(Bytes(4)); _stack.Add(Encoding.Latin1.GetString(Bytes(n))); break; }
                    case (byte)'C': { int n = U8(); _stack.Add(Bytes(n).ToArray()); break; }
                    case (byte)'B': { int n = BinaryPrimitives.ReadInt32LittleEndian(Bytes(4)); _stack.Add(Bytes(n).ToArray()); break; }
                    case (byte)'q': _memo[U8()] = _stack[^1]; break;
                    case (byte)'r': _memo[BinaryPrimitives.ReadInt32LittleEndian(Bytes(4))] = _stack[^1]; break;
                    case 0x94: _memo[_memo.Count] = _stack[^1]; break; // MEMOIZE
                    case (byte)'h': _stack.Add(_memo[U8()]); break;
                    case (byte)'j': _stack.Add(_memo[BinaryPrimitives.ReadInt32LittleEndian(Bytes(4))]); break;
                    case (byte)'c': { string module = Line(); string name = Line(); _stack.Add(new Global(module, name)); break; }
                    case 0x93: { var name = (string)Pop()!; var module = (string)Pop()!; _stack.Add(new Global(module, name)); break; }
                    case (byte)'t': _stack.Add(PopMark().ToArray()); break;
                    case 0x85: { var a = Pop(); _stack.Add(new[] { a }); break; }
                    case 0x86: { var b = Pop(); var a = Pop(); _stack.Add(new[] { a, b }); break; }
                    case 0x87: { var c = Pop(); var b = Pop(); var a = Pop(); _stack.Add(new[] { a, b, c }); break; }
                    case (byte)'a': { var v = Pop(); ((List<object?>)_stack[^1]!).Add(v); break; }
                    case (byte)'e': { var items = PopMark(); ((List<object?>)_stack[^1]!).AddRange(items); break; }
                    case (byte)'s': { var v = Pop(); var k = Pop()!; ((Dictionary<object, object?>)_stack[^1]!)[k] = v; break; }
                    case (byte)'u':
                    {
                        var items = PopMark();
                        var d = (Dictionary<object, object?>)_stack[^1]!;
                        for (int i = 0; i + 1 < items.Count; i += 2) d[items[i]!] = items[i + 1];
                        break;
                    }
                    case (byte)'Q': _stack.Add(PersistentLoad(Pop())); break;
                    case (byte)'R': { var args = (object?[])Pop()!; var f = Pop(); _stack.Add(Reduce(f, args)); break; }
                    case 0x81: { var args = (object?[])Pop()!; var cls = Pop(); _stack.Add(Reduce(cls, args)); break; } // NEWOBJ
                    case (byte)'b': Pop(); break; // BUILD: state ignored (tensor metadata, dict state)
                    default:
                        throw new InvalidDataException($"unsupported pickle opcode 0x{op:x2} at byte {_pos - 1}");
                }
            }
        }

        private object PersistentLoad(object? pid)
        {
            if (pid is not object?[] t || t.Length < 5 || t[0] is not "storage")
                throw new InvalidDataException("unsupported persistent id in the pickle (expected a 'storage' tuple)");
            string dtype = t[1] is Global g ? g.Name : throw new InvalidDataException("storage type is not a global");
            string key = t[2] as string ?? throw new InvalidDataException("storage key is not a string");
            if (t.Length > 5 && t[5] is not null) throw new InvalidDataException("storage views (legacy view_metadata) are not supported");
            if (!Storages.TryGetValue(key, out var storage))
            {
                storage = new StorageRef(dtype, key);
                _ = storage.ElementSize; // validates the type
                Storages[key] = storage;
            }
            return storage;
        }

        private object? Reduce(object? f, object?[] args)
        {
            if (f is not Global g) throw new InvalidDataException("REDUCE on a non-global");
            switch (g.Module + "." + g.Name)
            {
                case "collections.OrderedDict":
                    return new Dictionary<object, object?>();
                case "torch._utils._rebuild_tensor_v2":
                case "torch._utils._rebuild_tensor":
                    return new PendingTensor((StorageRef)args[0]!, Convert.ToInt64(args[1]), ToLongs(args[2]), ToLongs(args[3]));
                case "torch._utils._rebuild_parameter":
                    return args[0];
                default:
                    throw new InvalidDataException($"unsupported global {g.Module}.{g.Name} in the pickle");
            }
        }

        private static long[] ToLongs(object? o) => ((object?[])o!).Select(Convert.ToInt64).ToArray();

        internal static CheckpointTensor RebuildTensor(StorageRef storage, long offset, long[] shape, long[] stride)
        {
            int size = storage.ElementSize;
            var bytes = storage.Bytes ?? throw new InvalidDataException($"storage '{storage.Key}' has no data");
            long count = 1;
            foreach (var d in shape) count *= d;
            long storageCount = bytes.Length / size;
            var values = new float[count];
            var index = new long[shape.Length];
            for (long i = 0; i < count; i++)
            {
                long src = offset;
                for (int d = 0; d < shape.Length; d++) src += index[d] * stride[d];
                if (src < 0 || src >= storageCount) throw new InvalidDataException("a tensor reaches past the end of its storage");
                var b = bytes.AsSpan((int)(src * size), size);
                values[i] = storage.DType switch
                {
                    "FloatStorage" => BinaryPrimitives.ReadSingleLittleEndian(b),
                    "HalfStorage" => CheckpointTensor.HalfToSingle(BinaryPrimitives.ReadUInt16LittleEndian(b)),
                    _ => CheckpointTensor.BFloat16ToSingle(BinaryPrimitives.ReadUInt16LittleEndian(b)),
                };
                for (int d = shape.Length - 1; d >= 0; d--)
                {
                    if (++index[d] < shape[d]) break;
                    index[d] = 0;
                }
            }
            return new CheckpointTensor(shape, values);
        }
    }
}

using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace CodeNeurons.Torch.Models;

/// <summary>
/// Reads the state dict of a <c>pytorch_model.bin</c> written by <c>torch.save</c> (the zip format of PyTorch ≥ 1.6):
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
    /// <exception cref="InvalidDataException">The file is not a readable torch zip checkpoint (truncated, legacy non-zip format, unsupported pickle content); the message names the file.</exception>
    public static IReadOnlyDictionary<string, CheckpointTensor> Read(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            using var zip = new ZipArchive(stream, ZipArchiveMode.Read);
            var pkl = zip.Entries.FirstOrDefault(e => e.FullName == "data.pkl" || e.FullName.EndsWith("/data.pkl", StringComparison.Ordinal))
                ?? throw new InvalidDataException("the archive has no data.pkl entry");
            string root = pkl.FullName[..^"data.pkl".Length];
            byte[] pickle = ReadEntry(pkl);
            var storages = new Dictionary<string, byte[]>(StringComparer.Ordinal);
            byte[] LoadStorage(string key)
            {
                if (storages.TryGetValue(key, out var b)) return b;
                var entry = zip.GetEntry(root + "data/" + key) ?? throw new InvalidDataException($"the archive has no storage entry '{root}data/{key}'");
                b = ReadEntry(entry);
                storages[key] = b;
                return b;
            }
            var obj = new Unpickler(pickle, LoadStorage).Load();
            if (obj is not Dictionary<object, object?> dict) throw new InvalidDataException("the pickle is not a dict of tensors");
            var result = new Dictionary<string, CheckpointTensor>(StringComparer.Ordinal);
            foreach (var (k, v) in dict)
                if (k is string name && v is CheckpointTensor t) result[name] = t;
            return result;
        }
        catch (Exception ex) when (ex is InvalidDataException or EndOfStreamException or IOException or InvalidCastException or IndexOutOfRangeException or ArgumentException or NotSupportedException)
        {
            if (ex is FileNotFoundException) throw;
            throw new InvalidDataException($"PyTorch checkpoint '{path}' could not be read (truncated or not a torch.save zip file?): {ex.Message}", ex);
        }
    }

    private static byte[] ReadEntry(ZipArchiveEntry entry)
    {
        using var s = entry.Open();
        using var ms = new MemoryStream();
        s.CopyTo(ms);
        if (ms.Length != entry.Length) throw new InvalidDataException($"entry '{entry.FullName}' is truncated");
        return ms.ToArray();
    }

    private sealed record Global(string Module, string Name);

    private sealed record StorageRef(string DType, byte[] Bytes);

    private sealed class Mark;

    private sealed class Unpickler(byte[] data, Func<string, byte[]> loadStorage)
    {
        private int _pos;
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
            return new StorageRef(dtype, loadStorage(key));
        }

        private static object? Reduce(object? f, object?[] args)
        {
            if (f is not Global g) throw new InvalidDataException("REDUCE on a non-global");
            switch (g.Module + "." + g.Name)
            {
                case "collections.OrderedDict":
                    return new Dictionary<object, object?>();
                case "torch._utils._rebuild_tensor_v2":
                case "torch._utils._rebuild_tensor":
                    return RebuildTensor((StorageRef)args[0]!, Convert.ToInt64(args[1]), ToLongs(args[2]), ToLongs(args[3]));
                case "torch._utils._rebuild_parameter":
                    return args[0];
                default:
                    throw new InvalidDataException($"unsupported global {g.Module}.{g.Name} in the pickle");
            }
        }

        private static long[] ToLongs(object? o) => ((object?[])o!).Select(Convert.ToInt64).ToArray();

        private static CheckpointTensor RebuildTensor(StorageRef storage, long offset, long[] shape, long[] stride)
        {
            int size = storage.DType switch
            {
                "FloatStorage" => 4,
                "HalfStorage" or "BFloat16Storage" => 2,
                _ => throw new InvalidDataException($"unsupported storage type {storage.DType}; supported are FloatStorage, HalfStorage, BFloat16Storage"),
            };
            long count = 1;
            foreach (var d in shape) count *= d;
            long storageCount = storage.Bytes.Length / size;
            var values = new float[count];
            var index = new long[shape.Length];
            for (long i = 0; i < count; i++)
            {
                long src = offset;
                for (int d = 0; d < shape.Length; d++) src += index[d] * stride[d];
                if (src < 0 || src >= storageCount) throw new InvalidDataException("a tensor reaches past the end of its storage");
                var b = storage.Bytes.AsSpan((int)(src * size), size);
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

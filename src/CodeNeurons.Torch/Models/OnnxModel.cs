using System.Buffers.Binary;
using System.Text;

namespace CodeNeurons.Torch.Models;

/// <summary>One node of an ONNX graph: its operator and the names of the values it reads and writes.</summary>
internal sealed record OnnxNode(string Name, string OpType, string Domain, IReadOnlyList<string> Inputs, IReadOnlyList<string> Outputs);

/// <summary>
/// The parts of an ONNX <c>ModelProto</c> that weight import needs: the graph's nodes, its float initializers, and the names
/// of its inputs and outputs. A minimal protobuf reader (wire format only) for the fields of <c>onnx.proto</c> it uses:
/// ModelProto.graph = 7; GraphProto.node = 1, initializer = 5, input = 11, output = 12; NodeProto.input = 1, output = 2,
/// name = 3, op_type = 4, domain = 7; TensorProto.dims = 1, data_type = 2, float_data = 4, name = 8, raw_data = 9,
/// data_location = 14; ValueInfoProto.name = 1. Unknown fields are skipped.
/// </summary>
internal sealed class OnnxModel
{
    private const int FloatType = 1;

    private OnnxModel(string source, List<OnnxNode> nodes, Dictionary<string, CheckpointTensor> initializers, List<string> inputs, List<string> outputs)
    {
        Source = source;
        Nodes = nodes;
        Initializers = initializers;
        Inputs = inputs;
        Outputs = outputs;
    }

    public string Source { get; }

    public IReadOnlyList<OnnxNode> Nodes { get; }

    /// <summary>Float32 initializers by name, row-major (initializers of other types are left out).</summary>
    public IReadOnlyDictionary<string, CheckpointTensor> Initializers { get; }

    /// <summary>Graph input names (initializers listed as inputs by old exporters included).</summary>
    public IReadOnlyList<string> Inputs { get; }

    public IReadOnlyList<string> Outputs { get; }

    /// <summary>Parses a serialized <c>ModelProto</c>.</summary>
    /// <exception cref="InvalidDataException">The bytes are not a well-formed ONNX model with a graph, or an float32 initializer keeps its data outside the file.</exception>
    public static OnnxModel Parse(ReadOnlyMemory<byte> model, string source)
    {
        ReadOnlyMemory<byte>? graph = null;
        var reader = new ProtoReader(model, source);
        while (reader.Next(out int field, out int wire))
        {
            if (field == 7 && wire == 2) graph = reader.Bytes();
            else reader.Skip(wire);
        }
        if (graph is null) throw new InvalidDataException($"ONNX model '{source}' has no graph.");

        var nodes = new List<OnnxNode>();
        var inits = new Dictionary<string, CheckpointTensor>(StringComparer.Ordinal);
        var inputs = new List<string>();
        var outputs = new List<string>();
        var g = new ProtoReader(graph.Value, source);
        while (g.Next(out int field, out int wire))
        {
            switch (field)
            {
                case 1 when wire == 2: nodes.Add(ParseNode(g.Bytes(), source)); break;
                case 5 when wire == 2:
                {
                    var (name, tensor) = ParseTensor(g.Bytes(), source);
                    if (tensor is not null) inits[name] = tensor;
                    break;
                }
                case 11 when wire == 2: inputs.Add(ValueInfoName(g.Bytes(), source)); break;
                case 12 when wire == 2: outputs.Add(ValueInfoName(g.Bytes(), source)); break;
                default: g.Skip(wire); break;
            }
        }
        return new OnnxModel(source, nodes, inits, inputs, outputs);
    }

    /// <summary>
    /// Returns a copy of a serialized <c>ModelProto</c> whose graph has extra float tensor outputs (any rank), so that a runtime
    /// such as ONNX Runtime returns those intermediate values too. Fields of the model are kept as they are.
    /// </summary>
    public static byte[] AddFloatOutputs(ReadOnlyMemory<byte> model, IEnumerable<string> names, string source = "model")
    {
        using var result = new MemoryStream(model.Length + 4096);
        var reader = new ProtoReader(model, source);
        bool sawGraph = false;
        while (reader.Next(out int field, out int wire))
        {
            int start = reader.FieldStart;
            if (field == 7 && wire == 2)
            {
                sawGraph = true;
                var graph = new MemoryStream();
                graph.Write(reader.Bytes().Span);
                foreach (var name in names)
                {
                    // ValueInfoProto { name = 1; type = 2: TypeProto { tensor_type = 1: Tensor { elem_type = 1: FLOAT } } }
                    var elem = Concat(Tag(1, 0), Varint(FloatType));
                    var tensorType = LengthDelimited(1, elem);
                    var typeProto = LengthDelimited(2, tensorType);
                    var valueInfo = Concat(LengthDelimited(1, Encoding.UTF8.GetBytes(name)), typeProto);
                    graph.Write(LengthDelimited(12, valueInfo));
                }
                result.Write(LengthDelimited(7, graph.ToArray()));
            }
            else
            {
                reader.Skip(wire);
                result.Write(model.Span[start..reader.Position]);
            }
        }
        if (!sawGraph) throw new InvalidDataException($"ONNX model '{source}' has no graph.");
        return result.ToArray();
    }

    private static OnnxNode ParseNode(ReadOnlyMemory<byte> bytes, string source)
    {
        var r = new ProtoReader(bytes, source);
        var inputs = new List<string>();
        var outputs = new List<string>();
        string name = "", op = "", domain = "";
        while (r.Next(out int field, out int wire))
        {
            switch (field)
            {
                case 1 when wire == 2: inputs.Add(r.String()); break;
                case 2 when wire == 2: outputs.Add(r.String()); break;
                case 3 when wire == 2: name = r.String(); break;
                case 4 when wire == 2: op = r.String(); break;
                case 7 when wire == 2: domain = r.String(); break;
                default: r.Skip(wire); break;
            }
        }
        return new OnnxNode(name, op, domain, inputs, outputs);
    }

    private static string ValueInfoName(ReadOnlyMemory<byte> bytes, string source)
    {
        var r = new ProtoReader(bytes, source);
        string name = "";
        while (r.Next(out int field, out int wire))
        {
            if (field == 1 && wire == 2) name = r.String();
            else r.Skip(wire);
        }
        return name;
    }

    /// <summary>Reads a TensorProto; the tensor is null when it is not float32 (e.g. int64 position ids), which weight import does not need.</summary>
    private static (string Name, CheckpointTensor? Tensor) ParseTensor(ReadOnlyMemory<byte> bytes, string source)
    {
        var r = new ProtoReader(bytes, source);
        var dims = new List<long>();
        var floats = new List<float>();
        ReadOnlyMemory<byte>? raw = null;
        string name = "";
        long dataType = 0, location = 0;
        while (r.Next(out int field, out int wire))
        {
            switch (field)
            {
                case 1 when wire == 0: dims.Add((long)r.Varint()); break;
                case 1 when wire == 2:
                {
                    var p = new ProtoReader(r.Bytes(), source);
                    while (!p.AtEnd) dims.Add((long)p.Varint());
                    break;
                }
                case 2 when wire == 0: dataType = (long)r.Varint(); break;
                case 4 when wire == 5: floats.Add(r.Fixed32Float()); break;
                case 4 when wire == 2:
                {
                    var span = r.Bytes().Span;
                    for (int i = 0; i + 4 <= span.Length; i += 4) floats.Add(BinaryPrimitives.ReadSingleLittleEndian(span[i..]));
                    break;
                }
                case 8 when wire == 2: name = r.String(); break;
                case 9 when wire == 2: raw = r.Bytes(); break;
                case 14 when wire == 0: location = (long)r.Varint(); break;
                default: r.Skip(wire); break;
            }
        }
        if (location != 0)
            throw new InvalidDataException($"ONNX model '{source}': initializer '{name}' keeps its data in an external file, which is not supported.");
        if (dataType != FloatType) return (name, null);
        long count = 1;
        foreach (var d in dims) count *= d;
        float[] data;
        if (raw is { } rawBytes)
        {
            if (rawBytes.Length != count * 4)
                throw new InvalidDataException($"ONNX model '{source}': initializer '{name}' has {rawBytes.Length} bytes of data for shape [{string.Join(", ", dims)}].");
            data = new float[count];
            var span = rawBytes.Span;
            if (BitConverter.IsLittleEndian) span.CopyTo(System.Runtime.InteropServices.MemoryMarshal.AsBytes(data.AsSpan()));
            else for (int i = 0; i < data.Length; i++) data[i] = BinaryPrimitives.ReadSingleLittleEndian(span[(i * 4)..]);
        }
        else
        {
            if (floats.Count != count)
                throw new InvalidDataException($"ONNX model '{source}': initializer '{name}' has {floats.Count} values for shape [{string.Join(", ", dims)}].");
            data = floats.ToArray();
        }
        return (name, new CheckpointTensor(dims.ToArray(), data));
    }

    private static byte[] Tag(int field, int wire) => Varint(((ulong)field << 3) | (uint)wire);

    private static byte[] Varint(ulong v)
    {
        var b = new List<byte>();
        while (v >= 0x80) { b.Add((byte)(v | 0x80)); v >>= 7; }
        b.Add((byte)v);
        return b.ToArray();
    }

    private static byte[] LengthDelimited(int field, byte[] payload) => Concat(Tag(field, 2), Varint((ulong)payload.Length), payload);

    private static byte[] Concat(params byte[][] parts)
    {
        var r = new byte[parts.Sum(p => p.Length)];
        int o = 0;
        foreach (var p in parts) { p.CopyTo(r, o); o += p.Length; }
        return r;
    }

    /// <summary>Reads protobuf wire format from a buffer.</summary>
    private sealed class ProtoReader(ReadOnlyMemory<byte> buffer, string source)
    {
        private int _pos;

        public int Position => _pos;

        public int FieldStart { get; private set; }

        public bool AtEnd => _pos >= buffer.Length;

        public bool Next(out int field, out int wire)
        {
            FieldStart = _pos;
            if (AtEnd) { field = 0; wire = 0; return false; }
            ulong key = Varint();
            field = (int)(key >> 3);
            wire = (int)(key & 7);
            if (field == 0) throw Corrupt("field number 0");
            return true;
        }

        public ulong Varint()
        {
            ulong v = 0;
            var span = buffer.Span;
            for (int shift = 0; shift < 64; shift += 7)
            {
                if (_pos >= span.Length) throw Corrupt("truncated varint");
                byte b = span[_pos++];
                v |= (ulong)(b & 0x7F) << shift;
                if (b < 0x80) return v;
            }
            throw Corrupt("varint longer than 10 bytes");
        }

        public ReadOnlyMemory<byte> Bytes()
        {
            ulong len = Varint();
            if (len > (ulong)(buffer.Length - _pos)) throw Corrupt("length past the end");
            var r = buffer.Slice(_pos, (int)len);
            _pos += (int)len;
            return r;
        }

        public string String() => Encoding.UTF8.GetString(Bytes().Span);

        public float Fixed32Float()
        {
            if (_pos + 4 > buffer.Length) throw Corrupt("truncated fixed32");
            float f = BinaryPrimitives.ReadSingleLittleEndian(buffer.Span[_pos..]);
            _pos += 4;
            return f;
        }

        public void Skip(int wire)
        {
            switch (wire)
            {
                case 0: Varint(); break;
                case 1: Advance(8); break;
                case 2: Bytes(); break;
                case 5: Advance(4); break;
                default: throw Corrupt($"unsupported wire type {wire}");
            }
        }

        private void Advance(int n)
        {
            if (_pos + n > buffer.Length) throw Corrupt("truncated field");
            _pos += n;
        }

        private InvalidDataException Corrupt(string what) => new($"ONNX model '{source}' is not a valid protobuf message ({what} at byte {_pos}).");
    }
}

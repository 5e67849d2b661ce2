using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text.Json;
using CodeNeurons.Data;

namespace CodeNeurons.Formats;

/// <summary>
/// <see cref="IActivationSink"/>s that stream activations into NeuroX's files as they are produced, with memory
/// bounded by one snippet: JSON lines are written as they come; HDF5 rows go to a scratch file next to the output
/// and are written into the HDF5 datasets one sentence at a time on <see cref="IActivationSink.Complete"/>; a raw
/// folder's <c>X.f32</c> is appended row by row (and <see cref="ActivationSaveOptions.Labels"/>, when given, become its
/// <c>y.i32</c>, checked against the rows written). Nothing appears at the output path until Complete succeeds.
/// </summary>
public static class ActivationSinks
{
    /// <summary>A sink for <paramref name="path"/>, its format chosen as <see cref="ActivationFile.Save"/> chooses it.</summary>
    /// <param name="path">A <c>.json</c>/<c>.jsonl</c> or <c>.hdf5</c>/<c>.h5</c> file, or a folder (raw format).</param>
    /// <param name="options">Format and precision; null for the defaults.</param>
    /// <returns>The sink (dispose it; without Complete nothing is written).</returns>
    public static IActivationSink Create(string path, ActivationSaveOptions? options = null) => Create(path, options, null);

    /// <summary>As <see cref="Create(string, ActivationSaveOptions?)"/>, with the temporary files of the JSON and raw
    /// sinks opened by <paramref name="openTemp"/> (tests inject streams that fail as a full disk does).</summary>
    internal static IActivationSink Create(string path, ActivationSaveOptions? options, Func<string, Stream>? openTemp)
    {
        ArgumentNullException.ThrowIfNull(path);
        options ??= new ActivationSaveOptions();
        var format = options.Format == ActivationFormat.Auto ? ActivationFile.DetectFormat(path, forWriting: true) : options.Format;
        openTemp ??= temp => new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20);
        return format switch
        {
            ActivationFormat.NeuroxJson => new JsonSink(path, openTemp),
            ActivationFormat.NeuroxHdf5 => new Hdf5Sink(path, options.Precision),
            _ => new RawSink(path, openTemp, options.Labels),
        };
    }

    private abstract class SinkBase(string path) : IActivationSink
    {
        protected string Path { get; } = OutputGuard.ResolveOutput(path);
        protected LayerLayout Layout { get; private set; } = null!;
        protected int Sentences { get; private set; }
        protected long Rows { get; private set; }
        private bool _begun, _completed;

        public void Begin(LayerLayout layout)
        {
            ArgumentNullException.ThrowIfNull(layout);
            if (_begun) throw new InvalidOperationException("Begin was already called.");
            Layout = layout;
            _begun = true;
            OnBegin();
        }

        public void Write(IReadOnlyList<string> tokens, ReadOnlySpan<float> values)
        {
            if (!_begun || _completed) throw new InvalidOperationException("Write must come after Begin and before Complete.");
            ArgumentNullException.ThrowIfNull(tokens);
            if (values.Length != (long)tokens.Count * Layout.Neurons)
                throw new ArgumentException($"values has {values.Length} entries but {tokens.Count} tokens × {Layout.Neurons} neurons need {(long)tokens.Count * Layout.Neurons}.", nameof(values));
            int bad = Numerics.FiniteCheck.IndexOfNonFinite(values);
            if (bad >= 0)
                throw new ArgumentException($"Activation at row {Rows + bad / Layout.Neurons} (sentence {Sentences}, token {bad / Layout.Neurons}), neuron {bad % Layout.Neurons} is {values[bad]}; activations must be finite.", nameof(values));
            OnWrite(Sentences, tokens, values);
            Sentences++;
            Rows += tokens.Count;
        }

        public void Complete()
        {
            if (!_begun || _completed) throw new InvalidOperationException("Complete must come after Begin, once.");
            OnComplete();
            _completed = true;
        }

        protected abstract void OnBegin();

        protected abstract void OnWrite(int sentence, IReadOnlyList<string> tokens, ReadOnlySpan<float> values);

        protected abstract void OnComplete();

        public abstract void Dispose();

        protected string TempPath(string target) => System.IO.Path.Combine(System.IO.Path.GetDirectoryName(target)!,
            "." + System.IO.Path.GetFileName(target) + "." + Guid.NewGuid().ToString("N")[..12] + ".tmp");

        protected static void DeleteQuietly(string? file)
        {
            if (file is null) return;
            try { if (File.Exists(file)) File.Delete(file); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }

        protected static void EnsureFolder(string file)
        {
            var dir = System.IO.Path.GetDirectoryName(file)!;
            if (!Directory.Exists(dir)) throw new DirectoryNotFoundException($"The output folder '{dir}' does not exist (output '{file}').");
        }
    }

    private sealed class JsonSink(string path, Func<string, Stream> openTemp) : SinkBase(path)
    {
        private string? _temp;
        private Stream? _stream;
        private Utf8JsonWriter? _writer;

        protected override void OnBegin()
        {
            EnsureFolder(Path);
            if (Directory.Exists(Path)) throw new IOException($"The output '{Path}' is a folder, but a NeuroX JSON file is to be written there.");
            _temp = TempPath(Path);
            _stream = openTemp(_temp);
            _writer = NeuroxJson.CreateWriter(_stream);
        }

        protected override void OnWrite(int sentence, IReadOnlyList<string> tokens, ReadOnlySpan<float> values)
            => NeuroxJson.WriteSentence(_writer!, _stream!, sentence, tokens, values, Layout.Layers, Layout.NeuronsPerLayer);

        protected override void OnComplete()
        {
            _writer!.Flush();
            _writer.Dispose();
            _writer = null;
            _stream!.Dispose();   // flushes: a full disk fails here, before the rename
            _stream = null;
            File.Move(_temp!, Path, overwrite: true);
            _temp = null;
        }

        public override void Dispose()
        {
            // Without Complete (an error, a full disk, a cancellation): the flushes of the writer and the stream may
            // fail again, so they must not keep the temporary file from being deleted.
            try
            {
                IoUtil.DisposeQuietly(_writer);
                IoUtil.DisposeQuietly(_stream);
            }
            finally
            {
                _writer = null;
                _stream = null;
                DeleteQuietly(_temp);
                _temp = null;
            }
        }
    }

    private sealed class Hdf5Sink(string path, HdfPrecision precision) : SinkBase(path)
    {
        private readonly List<NeuroxHdf5.Hdf5Sentence> _sentences = [];
        private readonly List<long> _offsets = [];
        private string? _scratch;
        private FileStream? _stream;

        protected override void OnBegin()
        {
            EnsureFolder(Path);
            _scratch = TempPath(Path + ".rows");
            _stream = new FileStream(_scratch, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 20, FileOptions.DeleteOnClose);
        }

        protected override void OnWrite(int sentence, IReadOnlyList<string> tokens, ReadOnlySpan<float> values)
        {
            if (precision == HdfPrecision.Float16)
            {
                for (int k = 0; k < values.Length; k++)
                {
                    if (Half.IsInfinity((Half)values[k]))
                        throw new ArgumentException($"Activation at row {Rows + k / Layout.Neurons}, neuron {k % Layout.Neurons} is {values[k]}, beyond the float16 range ±65504; write float32.", nameof(values));
                }
            }
            _offsets.Add(_stream!.Position);
            _sentences.Add(new NeuroxHdf5.Hdf5Sentence(sentence, tokens.ToArray()));
            WriteLittleEndian(_stream, values);
        }

        protected override void OnComplete()
        {
            _stream!.Flush();
            var stream = _stream;
            NeuroxHdf5.WriteSentences(Path, Layout, precision, _sentences, (s, destination) =>
            {
                RandomAccess.Read(stream.SafeFileHandle, MemoryMarshal.AsBytes(destination), _offsets[s]);
                if (!BitConverter.IsLittleEndian)
                {
                    var ints = MemoryMarshal.Cast<float, int>(destination);
                    BinaryPrimitives.ReverseEndianness(ints, ints);
                }
            });
            Dispose();
        }

        public override void Dispose()
        {
            _stream?.Dispose();   // DeleteOnClose removes the scratch file
            _stream = null;
        }
    }

    private sealed class RawSink(string path, Func<string, Stream> openTemp, RawLabels? labels) : SinkBase(path)
    {
        private string? _temp;
        private Stream? _stream;
        private bool _createdFolder;

        protected override void OnBegin()
        {
            labels?.Validate();
            if (File.Exists(Path))
                throw new IOException($"The output '{Path}' is a file, but a raw activation folder was asked for (a path without a .json/.jsonl/.hdf5/.h5 extension is a folder).");
            if (!Directory.Exists(Path))
            {
                EnsureFolder(Path);
                Directory.CreateDirectory(Path);
                _createdFolder = true;
            }
            string x = System.IO.Path.Combine(Path, RawActivationFolder.ValuesFileName);
            _temp = TempPath(x);
            _stream = openTemp(_temp);
        }

        protected override void OnWrite(int sentence, IReadOnlyList<string> tokens, ReadOnlySpan<float> values) => WriteLittleEndian(_stream!, values);

        protected override void OnComplete()
        {
            // Labels that do not match the rows written fail here, before anything is published.
            if (labels is not null && labels.Labels.Length != Rows)
                throw new InvalidDataException($"{Path}: {labels.Labels.Length} labels were given for y.i32 but {Rows} rows were written; they must match one to one.");
            _stream!.Dispose();   // flushes: a full disk fails here, before the rename
            _stream = null;
            File.Move(_temp!, System.IO.Path.Combine(Path, RawActivationFolder.ValuesFileName), overwrite: true);
            _temp = null;
            _createdFolder = false;
            string y = System.IO.Path.Combine(Path, RawActivationFolder.LabelsFileName);
            if (labels is null) DeleteQuietly(y);
            else RawActivationFolder.WriteLabelsFile(y, labels.Labels);
            RawActivationFolder.WriteMeta(Path, Rows, Layout, labels?.Classes ?? []);
        }

        public override void Dispose()
        {
            try
            {
                IoUtil.DisposeQuietly(_stream);   // its flush may fail again on a full disk
            }
            finally
            {
                _stream = null;
                DeleteQuietly(_temp);
                _temp = null;
                if (_createdFolder)
                {
                    // the folder this sink made for an output that never came: remove it when nothing else is in it
                    try { if (!Directory.EnumerateFileSystemEntries(Path).Any()) Directory.Delete(Path); } catch (IOException) { } catch (UnauthorizedAccessException) { }
                    _createdFolder = false;
                }
            }
        }
    }

    private static void WriteLittleEndian(Stream stream, ReadOnlySpan<float> values)
    {
        if (BitConverter.IsLittleEndian)
        {
            stream.Write(MemoryMarshal.AsBytes(values));
            return;
        }
        var copy = values.ToArray();
        var ints = MemoryMarshal.Cast<float, int>(copy.AsSpan());
        BinaryPrimitives.ReverseEndianness(ints, ints);
        stream.Write(MemoryMarshal.AsBytes(copy.AsSpan()));
    }
}

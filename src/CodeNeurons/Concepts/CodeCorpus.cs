using System.Text;
using CodeNeurons.Data;
using CodeNeurons.Formats;
using CodeNeurons.Lexing;

namespace CodeNeurons.Concepts;

/// <summary>
/// Java and Python source files to label (<see cref="CodeLabeller"/>) and analyse
/// (<c>CodeAnalysisWorkflow</c> in the Workflows namespace): the built-in corpus, files on disk, or texts in memory.
/// </summary>
public sealed class CodeCorpus
{
    private const string ResourcePrefix = "CodeNeurons.corpus.";
    private static readonly UTF8Encoding StrictUtf8 = new(false, throwOnInvalidBytes: true);

    private CodeCorpus(IReadOnlyList<CodeFile> files, string description, bool isBuiltIn)
    {
        Files = files;
        Description = description;
        IsBuiltIn = isBuiltIn;
    }

    /// <summary>The files, in order.</summary>
    public IReadOnlyList<CodeFile> Files { get; }

    /// <summary>A short description for reports ("the built-in Java/Python corpus", or the file names).</summary>
    public string Description { get; }

    /// <summary>Whether this is <see cref="BuiltIn"/>.</summary>
    public bool IsBuiltIn { get; }

    /// <summary>
    /// The built-in corpus: three Java and three Python files written for CodeNeurons (geometry, an inventory, text
    /// statistics), embedded in the library, in ordinal order of their names.
    /// </summary>
    /// <returns>The corpus.</returns>
    public static CodeCorpus BuiltIn()
    {
        var assembly = typeof(CodeCorpus).Assembly;
        var names = assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToArray();
        if (names.Length == 0) throw new InvalidOperationException("The built-in corpus is missing from the CodeNeurons assembly.");
        var files = names.Select(n =>
        {
            using var reader = new StreamReader(assembly.GetManifestResourceStream(n)!, StrictUtf8);
            var name = n[ResourcePrefix.Length..];
            return new CodeFile(name, StripBom(reader.ReadToEnd()), CodeLanguages.FromPath(name));
        }).ToArray();
        return new CodeCorpus(files, "the built-in Java/Python corpus", true);
    }

    /// <summary>
    /// The built-in sample of <c>codeneurons extract</c>: 30 one-line Java and Python snippets written for CodeNeurons,
    /// code tokens separated by spaces (as a NeuroX <c>.in</c> file).
    /// </summary>
    /// <returns>The snippets, in file order.</returns>
    public static IReadOnlyList<CodeSnippet> SampleSnippets()
    {
        using var stream = typeof(CodeCorpus).Assembly.GetManifestResourceStream("CodeNeurons.sample-corpus.in")
            ?? throw new InvalidOperationException("The built-in sample snippets are missing from the CodeNeurons assembly.");
        using var reader = new StreamReader(stream, StrictUtf8);
        return reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => CodeSnippet.FromTokens(line.Split(' ', StringSplitOptions.RemoveEmptyEntries))).ToArray();
    }

    /// <summary>Reads source files (strict UTF-8); the extension picks the language (<c>.java</c>, <c>.py</c>).</summary>
    /// <param name="paths">The files.</param>
    /// <returns>The corpus, files in the given order, named by their paths.</returns>
    /// <exception cref="ArgumentException">No file, or an extension other than .java / .py.</exception>
    /// <exception cref="FileNotFoundException">A file does not exist.</exception>
    /// <exception cref="InvalidDataException">A file is binary (holds a NUL byte) or not valid UTF-8; the message names the file and the byte.</exception>
    public static CodeCorpus FromFiles(IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var list = paths.ToArray();
        if (list.Length == 0) throw new ArgumentException("Give at least one .java or .py file.", nameof(paths));
        var files = new CodeFile[list.Length];
        for (int i = 0; i < list.Length; i++)
        {
            var path = list[i] ?? throw new ArgumentException($"Path {i} is null.", nameof(paths));
            var language = CodeLanguages.FromPath(path);
            if (!File.Exists(path)) throw new FileNotFoundException($"Input file '{path}' does not exist.", path);
            files[i] = new CodeFile(path, Decode(ReadBounded(path), path), language);
        }
        return new CodeCorpus(files, string.Join(", ", list.Select(Path.GetFileName)), false);
    }

    /// <summary>A corpus from texts in memory.</summary>
    /// <param name="files">The files (text without a byte-order mark, or with one, which is removed).</param>
    /// <param name="description">Described in reports; null for the file names.</param>
    /// <returns>The corpus.</returns>
    /// <exception cref="ArgumentException">No file, or a file with a null name or text.</exception>
    public static CodeCorpus FromTexts(IEnumerable<CodeFile> files, string? description = null)
    {
        ArgumentNullException.ThrowIfNull(files);
        var list = files.ToArray();
        if (list.Length == 0) throw new ArgumentException("Give at least one file.", nameof(files));
        for (int i = 0; i < list.Length; i++)
        {
            if (list[i] is null || list[i].Name is null || list[i].Text is null) throw new ArgumentException($"File {i} has no name or no text.", nameof(files));
            list[i] = list[i] with { Text = StripBom(list[i].Text) };
        }
        return new CodeCorpus(list, description ?? string.Join(", ", list.Select(f => Path.GetFileName(f.Name))), false);
    }

    /// <summary>The longest code file read (64 MiB): a larger input (e.g. <c>/dev/zero</c>) is an error naming the file.</summary>
    public const long MaxFileBytes = 64L << 20;

    /// <summary>Reads a code file of at most <see cref="MaxFileBytes"/> bytes, without trusting its reported length.</summary>
    internal static byte[] ReadBounded(string path)
    {
        InputPaths.RequireFile(path, "Code file");
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        using var buffer = new MemoryStream();
        var chunk = new byte[1 << 16];
        int n;
        while ((n = stream.Read(chunk)) > 0)
        {
            if (buffer.Length + n > MaxFileBytes)
                throw new InvalidDataException($"{path}: the code file is larger than {MaxFileBytes >> 20} MiB (CodeCorpus.MaxFileBytes); split it or give smaller files.");
            buffer.Write(chunk, 0, n);
        }
        return buffer.ToArray();
    }

    /// <summary>Decodes a source file's bytes as strict UTF-8 (a byte-order mark is removed).</summary>
    /// <param name="bytes">The file's bytes.</param>
    /// <param name="name">The file, named in errors.</param>
    /// <returns>The text.</returns>
    /// <exception cref="InvalidDataException">A NUL byte (a binary file) or invalid UTF-8.</exception>
    public static string Decode(ReadOnlySpan<byte> bytes, string name)
    {
        int nul = bytes.IndexOf((byte)0);
        if (nul >= 0) throw new InvalidDataException($"{name} is a binary file (a NUL byte at offset {nul}); give UTF-8 source code.");
        try
        {
            return StripBom(StrictUtf8.GetString(bytes));
        }
        catch (DecoderFallbackException ex)
        {
            throw new InvalidDataException($"{name} is not valid UTF-8 (byte {ex.Index}).", ex);
        }
    }

    private static string StripBom(string text) => text.Length > 0 && text[0] == '\uFEFF' ? text[1..] : text;
}

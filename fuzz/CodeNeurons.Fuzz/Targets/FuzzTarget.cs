// Shared by the fuzzing harness (fuzz/CodeNeurons.Fuzz) and the CI smoke runs (FuzzSmokeTests in the test projects,
// which compile this file by link). Keep it free of SharpFuzz and of test-framework types.
namespace CodeNeurons.Fuzz;

/// <summary>One fuzzing target: a reader of outside bytes, the exceptions it documents, and where its seeds come from.</summary>
/// <param name="Name">Short name used on the command line and in docs/reliability.md (e.g. <c>safetensors</c>).</param>
/// <param name="Run">Feeds the bytes to the reader (through a scratch file when the reader takes a path).</param>
/// <param name="Expected">The documented exception types; any other exception, a hang or a blow-up is a finding.</param>
/// <param name="Seeds">The seed inputs, read from the fixtures folder (tests/Fixtures).</param>
public sealed record FuzzTarget(string Name, Action<byte[], FuzzScratch> Run, IReadOnlyList<Type> Expected, Func<string, IEnumerable<byte[]>> Seeds)
{
    /// <summary>
    /// Whether <paramref name="exception"/> is one the reader documents. <see cref="ArgumentNullException"/> and
    /// <see cref="ArgumentOutOfRangeException"/> are never expected (from file content they mean an unchecked index or a
    /// null the reader let through), even where <see cref="ArgumentException"/> is, unless CodeNeurons code threw them on
    /// purpose (e.g. an option validated after parsing).
    /// </summary>
    public bool IsExpected(Exception exception)
    {
        if (exception is ArgumentNullException or ArgumentOutOfRangeException && !ThrownByCodeNeurons(exception)) return false;
        foreach (var type in Expected)
            if (type.IsInstanceOfType(exception)) return true;
        return false;
    }

    /// <summary>Whether the innermost frame outside the BCL's throw helpers is CodeNeurons code.</summary>
    private static bool ThrownByCodeNeurons(Exception exception)
    {
        foreach (var frame in new System.Diagnostics.StackTrace(exception, false).GetFrames())
        {
            var type = frame.GetMethod()?.DeclaringType;
            if (type is null) continue;
            if (typeof(Exception).IsAssignableFrom(type) || type.Name.Contains("ThrowHelper", StringComparison.Ordinal)) continue;
            return type.Namespace?.StartsWith("CodeNeurons", StringComparison.Ordinal) == true;
        }
        return false;
    }
}

/// <summary>The outcome of one execution.</summary>
public enum FuzzOutcome
{
    /// <summary>The reader accepted the input.</summary>
    Accepted,
    /// <summary>The reader rejected the input with a documented exception.</summary>
    Rejected,
    /// <summary>An undocumented exception: a finding.</summary>
    Crash,
}

/// <summary>A scratch folder for the files a target writes before calling a path-based reader; one per runner.</summary>
public sealed class FuzzScratch : IDisposable
{
    /// <summary>Creates a fresh scratch folder under the temp folder.</summary>
    public FuzzScratch()
    {
        Folder = Path.Combine(Path.GetTempPath(), "codeneurons-fuzz-" + Environment.ProcessId + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(Folder);
    }

    /// <summary>The folder.</summary>
    public string Folder { get; }

    /// <summary>Writes <paramref name="bytes"/> to <paramref name="name"/> in the scratch folder and returns its path.</summary>
    public string Write(string name, ReadOnlySpan<byte> bytes)
    {
        string path = Path.Combine(Folder, name);
        using (var fs = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None)) fs.Write(bytes);
        return path;
    }

    /// <summary>A sub-folder emptied of the given files (for folder readers).</summary>
    public string CleanFolder(string name, params string[] files)
    {
        string path = Path.Combine(Folder, name);
        Directory.CreateDirectory(path);
        foreach (var f in files) File.Delete(Path.Combine(path, f));
        return path;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

/// <summary>Runs one input through a target and classifies the result.</summary>
public static class FuzzExecution
{
    /// <summary>Runs <paramref name="input"/>; returns the outcome and, for a crash, the exception.</summary>
    public static (FuzzOutcome Outcome, Exception? Exception) Execute(FuzzTarget target, byte[] input, FuzzScratch scratch)
    {
        try
        {
            target.Run(input, scratch);
            return (FuzzOutcome.Accepted, null);
        }
        catch (Exception ex) when (target.IsExpected(ex))
        {
            return (FuzzOutcome.Rejected, ex);
        }
        catch (Exception ex)
        {
            return (FuzzOutcome.Crash, ex);
        }
    }

    /// <summary>Splits <paramref name="input"/> at its first zero byte (for targets that read two files); no zero: all in the first part.</summary>
    public static (byte[] First, byte[] Second) SplitAtZero(byte[] input)
    {
        int i = Array.IndexOf(input, (byte)0);
        return i < 0 ? (input, []) : (input[..i], input[(i + 1)..]);
    }

    /// <summary>Joins two files' bytes with a zero byte (the inverse of <see cref="SplitAtZero"/> when the first has no zero).</summary>
    public static byte[] JoinWithZero(byte[] first, byte[] second) => [.. first, 0, .. second];

    /// <summary>Splits input into parts, each prefixed by its length as a little-endian UInt16 (clamped to what is left); the last part takes the rest.</summary>
    public static byte[][] SplitLengthPrefixed(byte[] input, int parts)
    {
        var result = new byte[parts][];
        int pos = 0;
        for (int p = 0; p < parts - 1; p++)
        {
            int len = pos + 2 <= input.Length ? input[pos] | input[pos + 1] << 8 : 0;
            pos = Math.Min(pos + 2, input.Length);
            len = Math.Min(len, input.Length - pos);
            result[p] = input[pos..(pos + len)];
            pos += len;
        }
        result[parts - 1] = input[pos..];
        return result;
    }

    /// <summary>The inverse of <see cref="SplitLengthPrefixed"/> (each part but the last must be under 64 KiB).</summary>
    public static byte[] JoinLengthPrefixed(params byte[][] parts)
    {
        var ms = new MemoryStream();
        for (int p = 0; p < parts.Length; p++)
        {
            if (p < parts.Length - 1)
            {
                if (parts[p].Length > ushort.MaxValue) throw new ArgumentException($"part {p} is {parts[p].Length} bytes; at most 65535.");
                ms.WriteByte((byte)parts[p].Length);
                ms.WriteByte((byte)(parts[p].Length >> 8));
            }
            ms.Write(parts[p]);
        }
        return ms.ToArray();
    }

    /// <summary>The files of <paramref name="fixtures"/>/<paramref name="folder"/> matching <paramref name="pattern"/>, recursively, in ordinal order.</summary>
    public static IEnumerable<byte[]> Files(string fixtures, string folder, string pattern)
    {
        string dir = Path.Combine(fixtures, folder);
        if (!Directory.Exists(dir)) yield break;
        foreach (var f in Directory.EnumerateFiles(dir, pattern, SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            yield return File.ReadAllBytes(f);
    }
}

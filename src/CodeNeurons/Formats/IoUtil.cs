using System.Globalization;
using CodeNeurons.Data;

namespace CodeNeurons.Formats;

/// <summary>Helpers shared by the readers and writers (atomic writes, sentence grouping, checks).</summary>
internal static class IoUtil
{
    internal static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>
    /// Writes <paramref name="path"/> through a temporary file in the same folder that replaces the target only
    /// when <paramref name="write"/> completed; on failure the temporary file is deleted and the target is untouched.
    /// </summary>
    internal static void WriteAtomically(string path, Action<string> write)
    {
        string full = OutputGuard.ResolveOutput(path);   // a symbolic link is written through to its target
        if (Directory.Exists(full)) throw new IOException($"The output '{path}' is a folder, but a file is to be written there.");
        string dir = Path.GetDirectoryName(full) ?? ".";
        Directory.CreateDirectory(dir);
        string temp = Path.Combine(dir, "." + Path.GetFileName(full) + "." + Guid.NewGuid().ToString("N")[..12] + ".tmp");
        try
        {
            write(temp);
            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            try { if (File.Exists(temp)) File.Delete(temp); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            throw;
        }
    }

    /// <summary>Writes a stream-based file atomically.</summary>
    internal static void WriteAtomically(string path, Action<FileStream> write)
    {
        WriteAtomically(path, (string temp) =>
        {
            using var fs = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20);
            write(fs);
            fs.Flush(flushToDisk: false);
        });
    }

    /// <summary>
    /// Disposes <paramref name="disposable"/> on an error path, ignoring the I/O error its flush may raise (a full
    /// disk fails again when the buffered rest is flushed); the original error is the one to report.
    /// </summary>
    internal static void DisposeQuietly(IDisposable? disposable)
    {
        if (disposable is null) return;
        try { disposable.Dispose(); }
        catch (IOException) { }
        catch (ObjectDisposedException) { }
        catch (NotSupportedException) { }
        catch (UnauthorizedAccessException) { }
    }

    /// <summary>Runs of consecutive rows with the same sentence index: (index, first row, row count).</summary>
    /// <remarks>Without sentence indices, all rows form sentence 0.</remarks>
    internal static List<(int Index, int Start, int Count)> SentenceRuns(ActivationSet set)
    {
        var runs = new List<(int, int, int)>();
        var s = set.SentenceIndices;
        if (s is null)
        {
            if (set.Rows > 0) runs.Add((0, 0, set.Rows));
            return runs;
        }
        int start = 0;
        for (int r = 1; r <= set.Rows; r++)
        {
            if (r == set.Rows || s[r] != s[start])
            {
                runs.Add((s[start], start, r - start));
                start = r;
            }
        }
        return runs;
    }

    /// <summary>Checks that a set can be written in a format that needs every neuron of the layout.</summary>
    internal static void RequireFullLayout(ActivationSet set, string format)
    {
        if (set.Neurons != set.Layout.Neurons)
            throw new ArgumentException(
                $"{format} stores all {set.Layout.Layers}×{set.Layout.NeuronsPerLayer} neurons of a layout, but this set is a slice of {set.Neurons} neurons; save the full set or a set created from the slice with its own layout.",
                nameof(set));
    }

    /// <summary>Throws <see cref="InvalidDataException"/> naming the first non-finite value of a row-major block.</summary>
    internal static void EnsureFinite(ReadOnlySpan<float> block, int neurons, long firstRow, string where)
    {
        int bad = Numerics.FiniteCheck.IndexOfNonFinite(block);
        if (bad < 0) return;
        long row = firstRow + bad / neurons;
        int neuron = bad % neurons;
        throw new InvalidDataException($"{where}: activation at row {row}, neuron {neuron} is {block[bad].ToString(Inv)}; activations must be finite.");
    }

    /// <summary>Creates the set, turning argument errors into <see cref="InvalidDataException"/> naming the file.</summary>
    internal static ActivationSet Create(string path, float[] values, int rows, LayerLayout layout, IReadOnlyList<string>? tokens, IReadOnlyList<int>? sentences)
    {
        try
        {
            return ActivationSet.Create(values, rows, layout, tokens, sentences);
        }
        catch (ArgumentException ex)
        {
            throw new InvalidDataException($"{path}: {ex.Message}", ex);
        }
    }
}

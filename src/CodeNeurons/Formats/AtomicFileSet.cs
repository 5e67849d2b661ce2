namespace CodeNeurons.Formats;

/// <summary>
/// Several output files replaced together: each is written to a temporary file next to its target, and only when all
/// were written are they renamed over their targets. A failure before <see cref="Commit"/> leaves every target as it
/// was; a failure while renaming puts back the targets already replaced. Disposing without Commit deletes the
/// temporary files.
/// </summary>
internal sealed class AtomicFileSet : IDisposable
{
    private readonly List<(string Target, string Temp)> _files = [];
    private bool _committed;

    /// <summary>Writes <paramref name="path"/>'s new content into a temporary file (the target is not touched yet).</summary>
    internal void Write(string path, Action<FileStream> write)
    {
        ObjectDisposedException.ThrowIf(_committed, this);
        string target = OutputGuard.ResolveOutput(path);
        if (_files.Any(f => OutputGuard.SamePath(f.Target, target)))
            throw new ArgumentException($"'{path}' is written twice in one set of outputs.", nameof(path));
        string temp = TempPath(target, "tmp");
        _files.Add((target, temp));
        using var fs = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20);
        write(fs);
        fs.Flush(flushToDisk: false);
    }

    /// <summary>Renames every temporary file over its target; on a failure, the targets are restored.</summary>
    internal void Commit()
    {
        ObjectDisposedException.ThrowIf(_committed, this);
        var backups = new List<(string Target, string? Backup)>();
        try
        {
            foreach (var (target, temp) in _files)
            {
                string? backup = null;
                if (File.Exists(target))
                {
                    backup = TempPath(target, "bak");
                    File.Move(target, backup);
                }
                backups.Add((target, backup));
                File.Move(temp, target);
            }
        }
        catch
        {
            // Put back what was there: delete the new files renamed so far, restore their backups.
            foreach (var (target, backup) in backups)
            {
                try
                {
                    if (backup is null) { if (File.Exists(target)) File.Delete(target); }
                    else File.Move(backup, target, overwrite: true);
                }
                catch (IOException) { }
                catch (UnauthorizedAccessException) { }
            }
            throw;
        }
        _committed = true;
        foreach (var (_, backup) in backups) DeleteQuietly(backup);
    }

    /// <summary>Deletes the temporary files not committed.</summary>
    public void Dispose()
    {
        if (_committed) return;
        foreach (var (_, temp) in _files) DeleteQuietly(temp);
        _files.Clear();
    }

    private static string TempPath(string target, string suffix) => Path.Combine(Path.GetDirectoryName(target)!,
        "." + Path.GetFileName(target) + "." + Guid.NewGuid().ToString("N")[..12] + "." + suffix);

    private static void DeleteQuietly(string? file)
    {
        if (file is null) return;
        try { if (File.Exists(file)) File.Delete(file); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

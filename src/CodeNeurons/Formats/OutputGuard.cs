namespace CodeNeurons.Formats;

/// <summary>
/// Checks made on output paths before any work: an output must not be one of the command's inputs (compared after
/// resolving symbolic links, case-insensitively on Windows and macOS), and an output that is a symbolic link is written
/// through to its target (the link stays a link).
/// </summary>
public static class OutputGuard
{
    private const int MaxLinkDepth = 40;

    private static StringComparison PathComparison =>
        OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

    /// <summary>
    /// The path an output is really written to: the full path, or, when it is a symbolic link (to a file, folder or
    /// nothing yet), the link's final target, so that the temporary file is renamed over the target and the link
    /// survives.
    /// </summary>
    /// <param name="path">The output path.</param>
    /// <returns>The path the temporary file is renamed over.</returns>
    /// <exception cref="IOException">A link that cannot be resolved.</exception>
    public static string ResolveOutput(string path)
    {
        string full = Path.GetFullPath(path);
        try
        {
            var info = new FileInfo(full);
            if (info.LinkTarget is null) return full;
            // Throws on a link loop. Its result is not used: it joins each relative target to the link's path as
            // written, so "../x" reached through a linked folder lands beside the folder link instead of where the
            // system opens it. Canonical resolves link by link from the real folder of each link.
            _ = info.ResolveLinkTarget(returnFinalTarget: true);
            return Canonical(full);
        }
        catch (IOException ex)
        {
            throw new IOException($"The output '{path}' is a symbolic link that cannot be resolved ({ex.Message}).", ex);
        }
    }

    /// <summary>The full path with every symbolic link along it resolved (for paths that do not exist, their existing part).</summary>
    /// <param name="path">A path.</param>
    /// <returns>The canonical full path.</returns>
    public static string Canonical(string path) => Canonical(Path.GetFullPath(path), 0);

    private static string Canonical(string full, int depth)
    {
        string? parent = Path.GetDirectoryName(full);
        if (parent is null) return full;   // a root
        string joined = Path.Combine(Canonical(parent, depth), Path.GetFileName(full));
        if (depth >= MaxLinkDepth) return joined;
        try
        {
            FileSystemInfo info = Directory.Exists(joined) ? new DirectoryInfo(joined) : new FileInfo(joined);
            if (info.LinkTarget is null) return joined;
            var target = info.ResolveLinkTarget(returnFinalTarget: false);
            return target is null ? joined : Canonical(Path.GetFullPath(target.FullName), depth + 1);
        }
        catch (IOException)
        {
            return joined;   // a link loop: compared as it is
        }
    }

    /// <summary>True when the two paths name the same file or folder (after resolving symbolic links).</summary>
    /// <param name="a">A path.</param>
    /// <param name="b">Another path.</param>
    /// <returns>Whether they name the same file or folder.</returns>
    public static bool SamePath(string a, string b) => string.Equals(Canonical(a), Canonical(b), PathComparison);

    /// <summary>
    /// Throws <see cref="ArgumentException"/> when <paramref name="output"/> names the same file or folder as one of
    /// <paramref name="inputs"/> (or a folder output contains an input file), naming the option and the input.
    /// </summary>
    /// <param name="output">The output path.</param>
    /// <param name="outputOption">How the output was given, e.g. <c>--output</c>.</param>
    /// <param name="inputs">(option, path) of each input; null paths are skipped.</param>
    /// <exception cref="ArgumentException">The output is one of the inputs, or a folder that contains one.</exception>
    public static void EnsureNotInput(string output, string outputOption, params (string Option, string? Path)[] inputs)
    {
        ArgumentNullException.ThrowIfNull(output);
        string canonicalOutput = Canonical(output);
        foreach (var (option, input) in inputs)
        {
            if (string.IsNullOrEmpty(input)) continue;
            string canonicalInput = Canonical(input);
            if (string.Equals(canonicalOutput, canonicalInput, PathComparison))
            {
                string same = string.Equals(Path.GetFullPath(output), Path.GetFullPath(input), PathComparison)
                    ? $"{outputOption} '{output}' is the input {option} '{input}'"
                    : $"{outputOption} '{output}' and the input {option} '{input}' are the same file ({canonicalOutput}, after resolving symbolic links)";
                throw new ArgumentException($"{same}; writing it would replace the input. Choose another output path.");
            }
            string folder = canonicalOutput.EndsWith(Path.DirectorySeparatorChar) ? canonicalOutput : canonicalOutput + Path.DirectorySeparatorChar;
            if (canonicalInput.StartsWith(folder, PathComparison))
                throw new ArgumentException($"{outputOption} '{output}' contains the input {option} '{input}' ({canonicalInput}); writing a folder there would replace the input. Choose another output path.");
        }
    }
}

namespace CodeNeurons.Formats;

/// <summary>
/// Writes a file so that readers never see it half-written: the content goes to a temporary file in the same folder,
/// which replaces the target only when writing completed; on any failure the temporary file is deleted and the target
/// is left as it was. Every writer of the library uses it.
/// </summary>
public static class AtomicFile
{
    /// <summary>Writes <paramref name="path"/> through a temporary file stream.</summary>
    /// <param name="path">The target file; its folder must exist.</param>
    /// <param name="write">Writes the whole content to the stream.</param>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    public static void Write(string path, Action<FileStream> write)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(write);
        IoUtil.WriteAtomically(path, write);
    }
}

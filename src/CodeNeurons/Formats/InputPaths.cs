namespace CodeNeurons.Formats;

/// <summary>Existence checks of inputs that say what was found instead: a folder where a file is expected, and the reverse.</summary>
public static class InputPaths
{
    /// <summary>Throws unless <paramref name="path"/> is a file; <paramref name="what"/> names it ("Activation file").</summary>
    /// <param name="path">The path given.</param>
    /// <param name="what">What it should be, for the message.</param>
    /// <exception cref="IOException">It is a folder.</exception>
    /// <exception cref="FileNotFoundException">Nothing is there.</exception>
    public static void RequireFile(string path, string what)
    {
        if (File.Exists(path)) return;
        if (Directory.Exists(path))
            throw new IOException($"{what} '{path}' is a folder, but a file was expected.");
        throw new FileNotFoundException($"{what} '{path}' does not exist.", path);
    }

    /// <summary>Throws unless <paramref name="path"/> is a folder; <paramref name="what"/> names it ("Raw activation folder").</summary>
    /// <param name="path">The path given.</param>
    /// <param name="what">What it should be, for the message.</param>
    /// <exception cref="IOException">It is a file.</exception>
    /// <exception cref="DirectoryNotFoundException">Nothing is there.</exception>
    public static void RequireFolder(string path, string what)
    {
        if (Directory.Exists(path)) return;
        if (File.Exists(path))
            throw new IOException($"{what} '{path}' is a file, but a folder was expected (a raw activation folder holds X.f32 and meta.json; NeuroX files end in .json, .jsonl, .hdf5 or .h5).");
        throw new DirectoryNotFoundException($"{what} '{path}' does not exist.");
    }
}

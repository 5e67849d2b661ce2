namespace CodeNeurons.Tokenization;

/// <summary>A tokenizer file exists but its content is invalid or incomplete.</summary>
public sealed class TokenizerFormatException : FormatException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="filePath">The file at fault.</param>
    /// <param name="message">What is wrong; the file path is prepended.</param>
    /// <param name="inner">The underlying exception, if any.</param>
    public TokenizerFormatException(string filePath, string message, Exception? inner = null)
        : base($"{filePath}: {message}", inner)
    {
        FilePath = filePath;
    }

    /// <summary>The file at fault.</summary>
    public string FilePath { get; }
}

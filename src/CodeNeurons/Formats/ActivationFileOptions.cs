namespace CodeNeurons.Formats;

/// <summary>Options for <see cref="ActivationFile.Load"/> and <see cref="ActivationFile.OpenStream"/>.</summary>
public sealed record ActivationFileOptions
{
    /// <summary>The format; <see cref="ActivationFormat.Auto"/> (default) infers it from the path.</summary>
    public ActivationFormat Format { get; init; } = ActivationFormat.Auto;
}

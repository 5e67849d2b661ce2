using System.Text.Json;

namespace CodeNeurons.Reporting;

/// <summary>
/// The measured effect of an intervention inside a model's forward pass (written by <c>codeneurons intervene</c> as
/// effect.json, shown by <see cref="HtmlReport"/> as "Effect of the concept neurons"): each measure clean, intervened and
/// against random controls, and the change per layer.
/// </summary>
/// <remarks>
/// JSON shape (camelCase, NaN as <c>"NaN"</c>): <c>{ "model", "mode", "neurons": ["7:717", ..], "positions", "controls", "seed",
/// "snippets", "tokens", "measures": [{measure, class, rows, clean, intervened, effect, controlMean, controlSd, controlEffects}],
/// "propagation": [{layer, meanDifferenceNorm, meanRelativeDifference, controlMean, controlSd}], "notes": [..] }</c>.
/// </remarks>
public sealed record InterventionEffect
{
    /// <summary>The model (folder name or description).</summary>
    public string? Model { get; init; }

    /// <summary>The intervention mode: zero, constant, mean, patch or steer (with its value where it has one).</summary>
    public required string Mode { get; init; }

    /// <summary>The chosen neurons as <c>layer:unit</c>.</summary>
    public required IReadOnlyList<string> Neurons { get; init; }

    /// <summary>Where the intervention acted (e.g. "every position").</summary>
    public string? Positions { get; init; }

    /// <summary>Number of random controls.</summary>
    public int Controls { get; init; }

    /// <summary>Seed of the random controls.</summary>
    public int Seed { get; init; }

    /// <summary>Snippets run.</summary>
    public int Snippets { get; init; }

    /// <summary>Real token positions (subwords, special tokens included) run.</summary>
    public long Tokens { get; init; }

    /// <summary>The measures: overall (Class null) and per concept class.</summary>
    public IReadOnlyList<EffectMeasure> Measures { get; init; } = [];

    /// <summary>The change per hidden state, embeddings first.</summary>
    public IReadOnlyList<LayerPropagation> Propagation { get; init; } = [];

    /// <summary>What was measured and how (heads used, probe, truncation).</summary>
    public IReadOnlyList<string>? Notes { get; init; }

    /// <summary>The effect as indented camelCase JSON.</summary>
    /// <returns>The JSON text.</returns>
    public string ToJson() => JsonSerializer.Serialize(this, ReportDocument.JsonOptions);

    /// <summary>Reads an effect written by <see cref="ToJson"/> or <see cref="Save"/>.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The effect.</returns>
    /// <exception cref="InvalidDataException">The file is not an intervention effect (the message names it).</exception>
    public static InterventionEffect Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Formats.InputPaths.RequireFile(path, "Effect file");
        try
        {
            var effect = JsonSerializer.Deserialize<InterventionEffect>(File.ReadAllText(path), ReportDocument.JsonOptions)
                ?? throw new InvalidDataException($"{path}: the JSON text is 'null', not an intervention effect.");
            if (effect.Measures is null || effect.Propagation is null || effect.Neurons is null)
                throw new InvalidDataException($"{path}: an intervention effect needs 'neurons', 'measures' and 'propagation'.");
            return effect;
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{path}: not an intervention effect ({ex.Message}).", ex);
        }
    }

    /// <summary>Writes the effect as JSON, atomically.</summary>
    /// <param name="path">The file; its folder must exist.</param>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    public void Save(string path) => ReportFiles.WriteText(path, ToJson(), CancellationToken.None);
}

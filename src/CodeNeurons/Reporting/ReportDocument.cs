using System.Text.Json;
using System.Text.Json.Serialization;
using CodeNeurons.Formats;

namespace CodeNeurons.Reporting;

/// <summary>
/// Everything an analysis report shows. Every section is optional (null or empty), so a partial analysis renders;
/// <see cref="HtmlReport"/> turns it into one self-contained HTML file. Round-trips through JSON
/// (<see cref="ToJson"/>, <see cref="FromJson"/>, <see cref="Save"/>, <see cref="Load"/>).
/// </summary>
/// <remarks>
/// JSON shape (camelCase, nulls omitted, NaN written as <c>"NaN"</c>):
/// <c>{ "title", "createdUtc", "model", "headline", "network": {title, layers, neuronsPerLayer, keptNeurons}, "warnings": [..],
/// "glossary": [{term, definition}], "settings": [{key, value}], "timings": [{stage, seconds}], "notes": [..],
/// "stages": [{name, neuronsKept, neuronsTotal, reduction, devAccuracy, testAccuracy, detail, devRows, testRows}],
/// "lineCharts": [{title, xLabel, yLabel, y2Label, logX, series: [{name, points: [{x, y}], secondaryAxis}]}],
/// "barCharts": [{title, xLabel, yLabel, categories, series: [{name, values}]}],
/// "heatMaps": [{title, rowLabels, columnLabels, values: [[..]], min, max}],
/// "concepts": [{concept, totalNeurons, rankedBy, conceptRows, restRows, randomNeurons, randomMean, randomPercentile95,
/// neurons: [{neuronId, layer, unit, score, topTokens, topTokenMeans, auroc, precision, recall, meanConcept, meanRest, kept}]}],
/// "activationMaps": [{neuronId, label, maxAbsValue, sentences: [[{token, value}]], sentenceCaptions}],
/// "effects": [<see cref="InterventionEffect"/>] }</c>.
/// </remarks>
public sealed record ReportDocument
{
    /// <summary>camelCase, nulls omitted, NaN as text, indented: shared by the report's JSON files.</summary>
    internal static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        WriteIndented = true,
    };

    /// <summary>The report's title; "CodeNeurons report" when null.</summary>
    public string? Title { get; init; }

    /// <summary>When the analysis ran (UTC).</summary>
    public DateTimeOffset? CreatedUtc { get; init; }

    /// <summary>The model analysed, or a short description of the analysis.</summary>
    public string? Model { get; init; }

    /// <summary>The result in one sentence, shown first (for example "84 of 2,688 neurons (96.9 % removed) keep …").</summary>
    public string? Headline { get; init; }

    /// <summary>The network with the kept neurons marked, shown under the headline with the kept neuron ids.</summary>
    public NetworkMap? Network { get; init; }

    /// <summary>Cautions shown under the headline (small splits, differences within the noise).</summary>
    public IReadOnlyList<string>? Warnings { get; init; }

    /// <summary>Terms this report uses, added to (and overriding) <see cref="ReportGlossary.Default"/>; the page lists the terms it uses.</summary>
    public IReadOnlyList<GlossaryEntry>? Glossary { get; init; }

    /// <summary>The analysis settings, in the order shown.</summary>
    public IReadOnlyList<ReportSetting>? Settings { get; init; }

    /// <summary>How long each stage took, in the order shown.</summary>
    public IReadOnlyList<StageTiming>? Timings { get; init; }

    /// <summary>Free-text notes shown at the end.</summary>
    public IReadOnlyList<string>? Notes { get; init; }

    /// <summary>The stage summary table.</summary>
    public IReadOnlyList<StageRow>? Stages { get; init; }

    /// <summary>Line charts (accuracy vs neurons kept, CC curve, layer-wise accuracy).</summary>
    public IReadOnlyList<LineChart>? LineCharts { get; init; }

    /// <summary>Bar charts (layer distribution of top neurons, per-class accuracy).</summary>
    public IReadOnlyList<BarChart>? BarCharts { get; init; }

    /// <summary>Heat maps (CKA layer similarity).</summary>
    public IReadOnlyList<HeatMap>? HeatMaps { get; init; }

    /// <summary>Top-neuron tables, one per concept.</summary>
    public IReadOnlyList<ConceptNeurons>? Concepts { get; init; }

    /// <summary>Activation maps of single neurons over sentences.</summary>
    public IReadOnlyList<ActivationMap>? ActivationMaps { get; init; }

    /// <summary>Measured effects of interventions on concept neurons (<c>codeneurons intervene</c>), shown only when present.</summary>
    public IReadOnlyList<InterventionEffect>? Effects { get; init; }

    /// <summary>The document as indented camelCase JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    /// <summary>Reads a document written by <see cref="ToJson"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is null.</exception>
    /// <exception cref="InvalidDataException">The text is not a report document.</exception>
    public static ReportDocument FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            return JsonSerializer.Deserialize<ReportDocument>(json, JsonOptions)
                ?? throw new InvalidDataException("The JSON text is 'null', not a report document object.");
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"Not a report document: {ex.Message}", ex);
        }
    }

    /// <summary>Reads a document saved by <see cref="Save"/>.</summary>
    /// <exception cref="InvalidDataException">The file is not a report document; the message names it.</exception>
    public static ReportDocument Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string json = File.ReadAllText(path);
        try
        {
            return FromJson(json);
        }
        catch (InvalidDataException ex)
        {
            throw new InvalidDataException($"{path}: {ex.Message}", ex);
        }
    }

    /// <summary>Writes the document as JSON, atomically (a failed write leaves any earlier file untouched).</summary>
    /// <exception cref="DirectoryNotFoundException">The folder of <paramref name="path"/> does not exist.</exception>
    public void Save(string path)
    {
        string json = ToJson();
        ReportFiles.WriteText(path, json, CancellationToken.None);
    }
}

/// <summary>Atomic text writes into an existing folder, shared by the report writers.</summary>
internal static class ReportFiles
{
    /// <summary>The full path; throws <see cref="DirectoryNotFoundException"/> naming the folder when it does not exist.</summary>
    internal static string RequireFolder(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string full = Path.GetFullPath(path);
        string dir = Path.GetDirectoryName(full) ?? ".";
        if (!Directory.Exists(dir))
            throw new DirectoryNotFoundException($"The output folder '{dir}' does not exist; create it before writing '{Path.GetFileName(full)}'.");
        return full;
    }

    /// <summary>Writes UTF-8 text (no BOM) through a temporary file; cancellation before the rename leaves nothing behind.</summary>
    internal static void WriteText(string path, string text, CancellationToken cancellationToken)
    {
        string full = RequireFolder(path);
        cancellationToken.ThrowIfCancellationRequested();
        IoUtil.WriteAtomically(full, (string temp) =>
        {
            File.WriteAllText(temp, text, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            cancellationToken.ThrowIfCancellationRequested();
        });
    }
}

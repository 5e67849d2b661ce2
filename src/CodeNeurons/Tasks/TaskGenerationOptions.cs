using System.Text.Encodings.Web;
using System.Text.Json;
using CodeNeurons.Formats;

namespace CodeNeurons.Tasks;

/// <summary>Options of <see cref="TaskGenerator"/>.</summary>
public sealed record TaskGenerationOptions
{
    /// <summary>Seed of every random choice (file order, function choice, rewrites, mutations, negatives). Default 7361.</summary>
    public int Seed { get; init; } = PaperSplits.DalviSeed;

    /// <summary>Most functions used (each gives two examples: positive and negative). Default 1,000.</summary>
    public int MaxFunctions { get; init; } = 1000;

    /// <summary>Most functions taken from one file, so that no module dominates. Default 10.</summary>
    public int MaxFunctionsPerFile { get; init; } = 10;

    /// <summary>Fewest code tokens of a function (layout and comments not counted). Default 20.</summary>
    public int MinCodeTokens { get; init; } = 20;

    /// <summary>Most code tokens of a function. Default 200 (CodeXGLUE's models see 200 to 400 subwords).</summary>
    public int MaxCodeTokens { get; init; } = 200;

    /// <summary>Shares of train and validation functions; the rest is test. Whole files go to one split. Default 0.8 and 0.1.</summary>
    public double TrainFraction { get; init; } = 0.8;

    /// <inheritdoc cref="TrainFraction"/>
    public double ValidFraction { get; init; } = 0.1;

    /// <summary>A line naming the source (e.g. "CPython 3.11.2 standard library"), written to the README; null for the folder's path.</summary>
    public string? SourceLabel { get; init; }

    internal void Validate()
    {
        if (MaxFunctions < 10) throw new ArgumentException($"MaxFunctions is {MaxFunctions}; it must be at least 10.", "options");
        if (MaxFunctionsPerFile < 1) throw new ArgumentException($"MaxFunctionsPerFile is {MaxFunctionsPerFile}; it must be at least 1.", "options");
        if (MinCodeTokens < 1 || MaxCodeTokens < MinCodeTokens) throw new ArgumentException($"MinCodeTokens {MinCodeTokens} and MaxCodeTokens {MaxCodeTokens} must satisfy 1 ≤ min ≤ max.", "options");
        if (!(TrainFraction > 0 && ValidFraction > 0 && TrainFraction + ValidFraction < 1)) throw new ArgumentException($"TrainFraction {TrainFraction} and ValidFraction {ValidFraction} must be positive with a sum below 1.", "options");
    }
}

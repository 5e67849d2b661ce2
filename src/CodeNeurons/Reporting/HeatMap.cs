namespace CodeNeurons.Reporting;

/// <summary>A matrix drawn as coloured cells, e.g. the L×L CKA similarity between layers; the value shows on hover.</summary>
public sealed record HeatMap
{
    /// <summary>The heat map's title.</summary>
    public required string Title { get; init; }

    /// <summary>Row labels, one per row of <see cref="Values"/>; rows are numbered from 0 when absent.</summary>
    public IReadOnlyList<string>? RowLabels { get; init; }

    /// <summary>Column labels, one per column of <see cref="Values"/>; columns are numbered from 0 when absent.</summary>
    public IReadOnlyList<string>? ColumnLabels { get; init; }

    /// <summary>The matrix, row by row (every row the same length); a NaN cell is drawn grey.</summary>
    public IReadOnlyList<IReadOnlyList<double>>? Values { get; init; }

    /// <summary>The value drawn lightest; the smallest finite value when null.</summary>
    public double? Min { get; init; }

    /// <summary>The value drawn darkest; the largest finite value when null.</summary>
    public double? Max { get; init; }
}

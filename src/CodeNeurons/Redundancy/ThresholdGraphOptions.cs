namespace CodeNeurons.Redundancy;

/// <summary>How <see cref="ThresholdGraphClustering"/> finds and bounds the connected components it clusters.</summary>
public sealed record ThresholdGraphOptions
{
    /// <summary>
    /// Neurons per block of the blocked correlation pass (default 1,024): each pair of blocks is one call of the Gram kernel,
    /// holding rows × 2·BlockColumns floats (the pair's rows) and 2·BlockColumns² doubles (their products).
    /// </summary>
    public int BlockColumns { get; init; } = 1024;

    /// <summary>
    /// Largest component clustered (default 16,384): its exact hierarchy needs 8·C·(C−1)/2 bytes (1 GiB at 16,384). A larger
    /// component stops the run with an error naming its size, instead of exhausting memory.
    /// </summary>
    public int MaxComponent { get; init; } = 16_384;

    /// <summary>
    /// Slack added to the largest threshold when deciding an edge from the float32 block products (default 1e-4): the graph
    /// then has every pair whose exact distance is ≤ the threshold (float32 products err by ~1e-6), and perhaps a few more,
    /// which only joins components and never changes a cut.
    /// </summary>
    public double EdgeSlack { get; init; } = 1e-4;

    /// <summary>Checks the values.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public void Validate()
    {
        if (BlockColumns < 1) throw new ArgumentOutOfRangeException(nameof(BlockColumns), BlockColumns, "BlockColumns must be at least 1.");
        if (MaxComponent < 2) throw new ArgumentOutOfRangeException(nameof(MaxComponent), MaxComponent, "MaxComponent must be at least 2.");
        if (!(EdgeSlack >= 0) || double.IsInfinity(EdgeSlack)) throw new ArgumentOutOfRangeException(nameof(EdgeSlack), EdgeSlack, "EdgeSlack must be finite and ≥ 0.");
    }
}

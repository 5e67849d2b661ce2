namespace CodeNeurons.Redundancy;

/// <summary>Progress of a correlation clustering run.</summary>
/// <param name="Stage">The stage running ("correlation", "distances", "linkage", "cuts").</param>
/// <param name="RowsProcessed">Rows accumulated so far.</param>
/// <param name="TotalRows">Total rows when known.</param>
public sealed record ClusteringProgress(string Stage, long RowsProcessed, long? TotalRows);

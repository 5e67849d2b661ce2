using CodeNeurons.Data;
using CodeNeurons.Interpretation;
using CodeNeurons.Redundancy;

namespace CodeNeurons.Analysis;

/// <summary>
/// The one place the workflows (<see cref="CodeAnalysisWorkflow"/>, the CCFS config runner of CodeNeurons.Torch) call
/// <see cref="CcfsPipeline"/>: the pipeline's input is a <see cref="ProbingData"/> here, whatever the pipeline's own signature.
/// </summary>
internal static class PipelineRun
{
    /// <summary>Runs the CCFS pipeline over <paramref name="data"/>.</summary>
    /// <param name="options">Pipeline options.</param>
    /// <param name="probe">The probe trainer; null for the pipeline's default (managed).</param>
    /// <param name="kernel">The Gram kernel; null for the managed one.</param>
    /// <param name="data">Train, dev and optional test rows with their labels.</param>
    /// <param name="progress">One report per trained probe.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>The report.</returns>
    internal static CcfsReport Run(CcfsOptions options, IConceptProbe? probe, IGramKernel? kernel, ProbingData data,
        IProgress<CcfsProgress>? progress, CancellationToken cancellationToken)
        => new CcfsPipeline(options, probe, kernel).Run(
            data.Train.Activations, data.Train.Labels.Ids, data.Dev.Activations, data.Dev.Labels.Ids,
            data.Test?.Activations, data.Test?.Labels.Ids, data.ClassNames, progress, cancellationToken);
}

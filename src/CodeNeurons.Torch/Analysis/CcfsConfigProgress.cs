using System.Globalization;
using CodeNeurons.Analysis;
using CodeNeurons.Data;
using CodeNeurons.Formats;
using CodeNeurons.Interpretation;
using CodeNeurons.Torch.Extraction;
using CodeNeurons.Torch.Interpretation;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CodeNeurons.Torch.Analysis;

/// <summary>Progress of <see cref="CcfsConfigRunner.Run"/>.</summary>
/// <param name="Stage">The stage.</param>
/// <param name="Done">Units done (sentences extracted, probes trained).</param>
/// <param name="Total">Units in the stage, when known.</param>
/// <param name="Detail">What is happening, or, when <paramref name="Completed"/>, a one-line summary.</param>
/// <param name="Pipeline">The pipeline's own report, in <see cref="CcfsConfigStage.Pipeline"/>.</param>
/// <param name="Completed">Whether this is a stage's summary.</param>
public sealed record CcfsConfigProgress(CcfsConfigStage Stage, int Done, int? Total, string Detail, CcfsProgress? Pipeline = null, bool Completed = false);

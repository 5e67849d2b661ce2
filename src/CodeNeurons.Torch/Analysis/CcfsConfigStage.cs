using System.Globalization;
using CodeNeurons.Analysis;
using CodeNeurons.Concepts;
using CodeNeurons.Data;
using CodeNeurons.Formats;
using CodeNeurons.Interpretation;
using CodeNeurons.Torch.Extraction;
using CodeNeurons.Torch.Interpretation;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CodeNeurons.Torch.Analysis;

/// <summary>The stages of <see cref="CcfsConfigRunner.Run"/>.</summary>
public enum CcfsConfigStage
{
    /// <summary>Loading activation files, or building the dataset of a corpus.</summary>
    Data,

    /// <summary>Running the model over a corpus' sentences.</summary>
    Extraction,

    /// <summary>The CCFS pipeline (one report per trained probe).</summary>
    Pipeline,
}

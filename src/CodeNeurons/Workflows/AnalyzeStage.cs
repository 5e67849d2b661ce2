
namespace CodeNeurons.Workflows;

/// <summary>The four stages of <see cref="CodeAnalysisWorkflow.Run"/>.</summary>
public enum AnalyzeStage
{
    /// <summary>Step 1: lexing and labelling the code, building the balanced dataset.</summary>
    Labelling = 1,

    /// <summary>Step 2: running the model over every line with code.</summary>
    Extracting = 2,

    /// <summary>Step 3: the CCFS pipeline (one report per trained probe).</summary>
    Pipeline = 3,

    /// <summary>Step 4: CKA between layers and the report document.</summary>
    Report = 4,
}

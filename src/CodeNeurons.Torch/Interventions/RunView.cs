namespace CodeNeurons.Torch.Interventions;

/// <summary>What one run of a batch predicts: per LM row (class, probability of the reference token, top-1 hit, arg-max), per probe row (label, prediction).</summary>
internal sealed class RunView
{
    public List<(int Class, float Probability, bool Top, int Argmax)> Lm { get; } = [];

    public List<(int Label, int Predicted)> Probe { get; } = [];

    public List<(IHiddenStatesReadout Readout, int Predicted)> Readouts { get; } = [];
}

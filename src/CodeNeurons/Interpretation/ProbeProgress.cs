
namespace CodeNeurons.Interpretation;

/// <summary>Progress of probe training, reported once per epoch.</summary>
/// <param name="Epoch">Epochs completed (1-based).</param>
/// <param name="Epochs">Maximum number of epochs.</param>
/// <param name="TrainLoss">Mean of the batch objectives (data term plus penalty) over the epoch.</param>
/// <param name="DevLoss">Data term on the dev set (unweighted mean cross entropy or MSE), or null without a dev set.</param>
public sealed record ProbeProgress(int Epoch, int Epochs, double TrainLoss, double? DevLoss);

namespace CodeNeurons.Torch.Training;

/// <summary>Progress of fine-tuning, reported after each optimiser step.</summary>
/// <param name="Epoch">1-based epoch.</param>
/// <param name="Epochs">Epochs in all.</param>
/// <param name="Step">Optimiser steps done.</param>
/// <param name="TotalSteps">Optimiser steps in all.</param>
/// <param name="Loss">The last batch's training loss.</param>
/// <param name="LearningRate">The learning rate of the last step.</param>
public sealed record FineTuningProgress(int Epoch, int Epochs, long Step, long TotalSteps, double Loss, double LearningRate);

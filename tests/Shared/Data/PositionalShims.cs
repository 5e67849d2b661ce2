using CodeNeurons.Analysis;
using CodeNeurons.Data;
using CodeNeurons.Interpretation;

namespace CodeNeurons.Tests;

/// <summary>
/// Positional (activations, class ids) forms of the typed analysis API, for tests written against plain arrays: each
/// builds the <see cref="ProbingData"/> (checked there) and calls the typed method, so these tests exercise it.
/// </summary>
internal static class PositionalShims
{
    internal static ProbingData Data(ActivationSet train, IReadOnlyList<int> yTrain, ActivationSet dev, IReadOnlyList<int> yDev,
        ActivationSet? test = null, IReadOnlyList<int>? yTest = null, IReadOnlyList<string>? classNames = null)
    {
        var y = classNames is null ? ClassLabels.FromIds(yTrain) : ClassLabels.FromIds(yTrain, classNames);
        if (test is not null && yTest is null) throw new ArgumentException("testLabels is required with a test set.", nameof(yTest));
        return new ProbingData(new LabeledActivations(train, y), new LabeledActivations(dev, ClassLabels.FromIds(yDev, y.ClassNames)),
            test is null ? null : new LabeledActivations(test, ClassLabels.FromIds(yTest!, y.ClassNames)));
    }

    internal static CcfsReport Run(this CcfsPipeline pipeline, ActivationSet train, IReadOnlyList<int> yTrain, ActivationSet dev, IReadOnlyList<int> yDev,
        ActivationSet? test = null, IReadOnlyList<int>? yTest = null, IReadOnlyList<string>? classNames = null,
        IProgress<CcfsProgress>? progress = null, CancellationToken cancellationToken = default) =>
        pipeline.Run(Data(train, yTrain, dev, yDev, test, yTest, classNames), progress, cancellationToken);

    internal static LayerSelectionResult Select(this LayerSelector selector, ActivationSet train, IReadOnlyList<int> yTrain, ActivationSet dev, IReadOnlyList<int> yDev,
        ActivationSet? test = null, IReadOnlyList<int>? yTest = null, IProgress<CcfsProgress>? progress = null, CancellationToken cancellationToken = default) =>
        selector.Select(Data(train, yTrain, dev, yDev, test, yTest), progress, cancellationToken);

    internal static MinimalNeuronSetResult Select(this MinimalNeuronSet search, ActivationSet train, IReadOnlyList<int> yTrain, ActivationSet dev, IReadOnlyList<int> yDev,
        IProgress<CcfsProgress>? progress = null, CancellationToken cancellationToken = default) =>
        search.Select(Data(train, yTrain, dev, yDev), progress, cancellationToken);

    internal static BaselineScore Oracle(IConceptProbe probe, ActivationSet train, IReadOnlyList<int> yTrain, ActivationSet dev, IReadOnlyList<int> yDev,
        ActivationSet? test = null, IReadOnlyList<int>? yTest = null, CancellationToken cancellationToken = default) =>
        Baselines.Oracle(probe, Data(train, yTrain, dev, yDev, test, yTest), cancellationToken);

    internal static BaselineScore None(IReadOnlyList<int> yTrain, IReadOnlyList<int> yDev, IReadOnlyList<int>? yTest = null)
    {
        var y = ClassLabels.FromIds(yTrain);
        int classes = Math.Max(y.ClassCount, Math.Max(yDev.DefaultIfEmpty(-1).Max(), (yTest ?? []).DefaultIfEmpty(-1).Max()) + 1);
        var names = Enumerable.Range(0, classes).Select(c => c.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        return Baselines.None(ClassLabels.FromIds(yTrain, names), ClassLabels.FromIds(yDev, names), yTest is null ? null : ClassLabels.FromIds(yTest, names));
    }

    internal static SelectivityResult Measure(IConceptProbe probe, ActivationSet train, IReadOnlyList<int> yTrain, ActivationSet test, IReadOnlyList<int> yTest,
        CodeNeurons.Concepts.ControlTaskOptions? options = null, CancellationToken cancellationToken = default)
    {
        var y = ClassLabels.FromIds(yTrain);
        return SelectivityAnalysis.Measure(probe, new LabeledActivations(train, y), new LabeledActivations(test, ClassLabels.FromIds(yTest)), options, cancellationToken);
    }
}

using System.Globalization;
using CodeNeurons.Data;
using CodeNeurons.Formats;
using CodeNeurons.Interpretation;
using CodeNeurons.Reporting;
using CodeNeurons.Torch.Extraction;
using CodeNeurons.Torch.Models;

namespace CodeNeurons.Torch.Interventions;

/// <summary>
/// Runs a model over a corpus with and without an intervention and measures the effect (the library call behind
/// <c>codeneurons intervene</c>): on the token-prediction head where the checkpoint has one (probability of the original
/// token, top-1 accuracy, changed predictions), on a concept probe (accuracy per class, predicted-label distribution,
/// changed predictions) and on every hidden state (how far the change propagates) — each against the same intervention on
/// as many random neurons of the same layers, repeated with seeds.
/// </summary>
/// <remarks>See <c>docs/interventions.md</c> for every measure. Memory is bounded by one batch plus the probe's training rows.</remarks>
public static class InterventionRunner
{
    /// <summary>Runs the intervention and its controls.</summary>
    /// <param name="options">What to run.</param>
    /// <param name="progress">Receives one report per batch.</param>
    /// <param name="cancellationToken">Cancels between batches.</param>
    /// <returns>The effect, ready to save or add to a report.</returns>
    /// <exception cref="ArgumentException">An option is invalid, a neuron is outside the model (the message names the valid range), or the patch source does not line up.</exception>
    /// <exception cref="InvalidDataException">A file is malformed, or the labels do not match the input (the message names file and line).</exception>
    /// <exception cref="InvalidOperationException">The head was required but the checkpoint has none (the message names the weights it looked for).</exception>
    public static InterventionEffect Run(InterventionRunOptions options, IProgress<InterventionProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var corpus = CorpusReader.Read(options.Input);
        var labelLines = options.Labels is null ? null : NeuroxText.ReadLabels(options.Labels);
        if (labelLines is not null) CheckLabels(labelLines, corpus, options.Input);
        var patchCorpus = options.PatchFrom is null ? null : CorpusReader.Read(options.PatchFrom);
        if (patchCorpus is not null && patchCorpus.Count != corpus.Count)
            throw PatchChecks.CountMismatch(options.PatchFrom, patchCorpus.Count, options.Input, corpus.Count.ToString(CultureInfo.InvariantCulture), nameof(options));

        var extraction = new TransformerExtractionOptions { Device = options.Device, DType = options.DType };
        using var source = options.Model is null ? TransformerActivationSource.LoadMiniLm(extraction) : TransformerActivationSource.Load(options.Model, extraction);
        var model = source.Model;
        var config = model.Config;
        NeuronIntervention.Zero(options.Neurons).Validate(config);
        long padId = source.Tokenizer.PadTokenId ?? config.PadTokenId ?? 0;
        var notes = new List<string>();

        var snippets = PreparedSnippet.Prepare(corpus, source.Tokenizer, config, options.Input, out int dropped);
        if (dropped > 0) notes.Add($"{dropped} code tokens beyond the model's {config.MaxPositionEmbeddings} positions were cut and are not measured.");
        var patchSnippets = patchCorpus is null ? null : PreparedSnippet.Prepare(patchCorpus, source.Tokenizer, config, options.PatchFrom!, out _);
        if (patchSnippets is not null) CheckPatch(snippets, patchSnippets, options);

        using var head = LoadHead(options, config);
        if (head is not null) notes.Add(head.IsMasked
            ? "Head: the checkpoint's masked-LM head, on the unmasked input: the probability of each input token at its own position."
            : "Head: the LM head: the probability of each next token at the position before it.");
        else notes.Add("Head: none (the checkpoint has no token-prediction head, or none was asked for).");

        var means = options.Mode == InterventionMode.Mean
            ? ComputeMeans(source, options.Reference is null ? corpus : CorpusReader.Read(options.Reference), options.BatchSize, progress, cancellationToken)
            : null;
        var sets = new List<IReadOnlyList<ModelNeuron>> { options.Neurons };
        sets.AddRange(RandomControls(options.Neurons, config.HiddenSize, options.Controls, options.Seed));

        string[] classNames = labelLines is null ? [] : [.. labelLines.Lines.SelectMany(l => l).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        var classOf = classNames.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => x.i, StringComparer.Ordinal);
        int[][]? rowLabels = labelLines is null ? null
            : [.. snippets.Select((s, i) => s.TokenIndices.Select(t => classOf[labelLines.Lines[i][t]]).ToArray())];

        LinearProbe? probe = null;
        if (rowLabels is not null)
        {
            probe = options.Probe is not null
                ? LoadProbe(options.Probe, config)
                : TrainProbe(model, snippets, rowLabels, classNames, padId, options, progress, cancellationToken);
            notes.Add(options.Probe is not null
                ? $"Probe: {options.Probe} ({probe.Neurons} neurons), applied per code token at its last subword."
                : $"Probe: trained here on the clean hidden state {options.ProbeLayer ?? config.NumLayers} per code token (last subword), seed {options.Seed}; accuracies are on its training rows.");
        }

        var stats = new EffectStats(sets.Count + 1, config.NumLayers + 1);
        for (int at = 0; at < snippets.Count; at += options.BatchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var batch = snippets.GetRange(at, Math.Min(options.BatchSize, snippets.Count - at));
            var patchBatch = patchSnippets?.GetRange(at, batch.Count);
            int? length = patchBatch is not null && options.Alignment == PatchAlignment.Position ? patchBatch.Max(s => s.Ids.Length) : null;
            var (ids, mask) = PreparedSnippet.Pad(batch, padId, length);
            var clean = model.Forward(ids, mask);
            PatchSource? patch = null;
            if (patchBatch is not null)
            {
                var (pIds, pMask) = PreparedSnippet.Pad(patchBatch, padId, options.Alignment == PatchAlignment.Position ? ids.GetLength(1) : null);
                var states = model.Forward(pIds, pMask);
                patch = options.Alignment == PatchAlignment.Position
                    ? PatchSource.Aligned(states)
                    : PatchSource.ByCodeToken(states, [.. batch.Select(s => s.TokenPositions)], [.. patchBatch.Select(s => s.TokenPositions)], ids.GetLength(1));
            }
            var cleanView = Measure(clean, ids, batch, head, probe, rowLabels, at, config, options.Readouts);
            stats.AddRun(0, cleanView, cleanView, classNames);
            for (int r = 0; r < sets.Count; r++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var intervention = Build(options, sets[r], means, patch);
                HiddenStates changed;
                using (model.Intervene(intervention)) changed = model.Forward(ids, mask);
                stats.AddRun(r + 1, Measure(changed, ids, batch, head, probe, rowLabels, at, config, options.Readouts), cleanView, classNames);
                stats.AddPropagation(r + 1, clean, changed);
            }
            progress?.Report(new InterventionProgress("effects", at + batch.Count, snippets.Count));
        }

        return new InterventionEffect
        {
            Model = options.Model is null ? "embedded all-MiniLM-L6-v2" : Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(options.Model))),
            Mode = options.Mode switch
            {
                InterventionMode.Constant => string.Create(CultureInfo.InvariantCulture, $"constant {options.Value}"),
                InterventionMode.Steer => string.Create(CultureInfo.InvariantCulture, $"steer × {options.Value}"),
                InterventionMode.Patch => $"patch from {Path.GetFileName(options.PatchFrom)} by {(options.Alignment == PatchAlignment.Position ? "position" : "code token")}",
                InterventionMode.Mean => $"mean over {Path.GetFileName(options.Reference ?? options.Input)}",
                _ => "zero",
            },
            Neurons = [.. options.Neurons.Select(n => n.ToString())],
            Positions = options.Positions is null || options.Positions.IsAll ? "every position" : "chosen positions",
            Controls = options.Controls,
            Seed = options.Seed,
            Snippets = snippets.Count,
            Tokens = stats.Tokens,
            Measures = stats.Measures(),
            Propagation = stats.Propagation(),
            Notes = notes,
        };
    }

    /// <summary>Each neuron's mean over the real token positions of a reference corpus (for <see cref="InterventionMode.Mean"/>).</summary>
    /// <param name="source">The activation source whose model and tokenizer are used (without interventions attached).</param>
    /// <param name="reference">The reference corpus.</param>
    /// <param name="batchSize">Snippets per forward pass.</param>
    /// <param name="progress">Receives one report per batch.</param>
    /// <param name="cancellationToken">Cancels between batches.</param>
    /// <returns>The means, [layers + 1, hidden].</returns>
    /// <exception cref="ArgumentException">The corpus is empty or the batch size is below 1.</exception>
    public static NeuronMeans ComputeMeans(TransformerActivationSource source, IReadOnlyList<CodeSnippet> reference, int batchSize = 16,
        IProgress<InterventionProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(reference);
        if (batchSize < 1) throw new ArgumentException($"batchSize is {batchSize}; it must be at least 1.", nameof(batchSize));
        if (reference.Count == 0) throw new ArgumentException("The reference corpus is empty.", nameof(reference));
        var snippets = PreparedSnippet.Prepare(reference, source.Tokenizer, source.ModelConfig, "reference", out _);
        long padId = source.Tokenizer.PadTokenId ?? source.ModelConfig.PadTokenId ?? 0;
        IEnumerable<HiddenStates> Runs()
        {
            for (int at = 0; at < snippets.Count; at += batchSize)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var (ids, mask) = PreparedSnippet.Pad(snippets.GetRange(at, Math.Min(batchSize, snippets.Count - at)), padId);
                yield return source.Model.Forward(ids, mask);
                progress?.Report(new InterventionProgress("means", Math.Min(at + batchSize, snippets.Count), snippets.Count));
            }
        }
        return NeuronMeans.FromStates(Runs());
    }

    /// <summary>
    /// <paramref name="count"/> random neuron sets: each neuron replaced by a distinct random unit of its own layer that is
    /// not among the chosen ones (seeded; the same seed gives the same sets).
    /// </summary>
    /// <param name="neurons">The chosen neurons.</param>
    /// <param name="hiddenSize">Units per layer.</param>
    /// <param name="count">Number of sets.</param>
    /// <param name="seed">Seed.</param>
    /// <returns>The sets, each aligned with <paramref name="neurons"/>.</returns>
    /// <exception cref="ArgumentException">A layer has fewer other units than chosen ones.</exception>
    public static IReadOnlyList<IReadOnlyList<ModelNeuron>> RandomControls(IReadOnlyList<ModelNeuron> neurons, int hiddenSize, int count, int seed)
    {
        ArgumentNullException.ThrowIfNull(neurons);
        var rng = new Random(seed);
        var byLayer = neurons.GroupBy(n => n.Layer).ToDictionary(g => g.Key, g => g.Select(n => n.Unit).ToHashSet());
        foreach (var (layer, chosen) in byLayer)
            if (hiddenSize - chosen.Count < chosen.Count)
                throw new ArgumentException($"Layer {layer} has {chosen.Count} chosen neurons but only {hiddenSize - chosen.Count} other units to draw random controls from.", nameof(neurons));
        var result = new List<IReadOnlyList<ModelNeuron>>(count);
        for (int c = 0; c < count; c++)
        {
            var draw = new Dictionary<int, Queue<int>>();
            foreach (var (layer, chosen) in byLayer.OrderBy(kv => kv.Key))
            {
                var pool = Enumerable.Range(0, hiddenSize).Where(u => !chosen.Contains(u)).ToArray();
                for (int i = 0; i < chosen.Count; i++)
                {
                    int j = rng.Next(i, pool.Length);
                    (pool[i], pool[j]) = (pool[j], pool[i]);
                }
                draw[layer] = new Queue<int>(pool.Take(chosen.Count));
            }
            result.Add([.. neurons.Select(n => new ModelNeuron(n.Layer, draw[n.Layer].Dequeue()))]);
        }
        return result;
    }

    private static NeuronIntervention Build(InterventionRunOptions options, IReadOnlyList<ModelNeuron> neurons, NeuronMeans? means, PatchSource? patch) => options.Mode switch
    {
        InterventionMode.Zero => NeuronIntervention.Zero(neurons, options.Positions),
        InterventionMode.Constant => NeuronIntervention.Constant(neurons, options.Value, options.Positions),
        InterventionMode.Mean => NeuronIntervention.Mean(neurons, means!, options.Positions),
        InterventionMode.Steer => NeuronIntervention.Steer(neurons, options.Direction, options.Value, options.Positions),
        _ => NeuronIntervention.Patched(neurons, patch!, options.Positions),
    };

    private static void CheckLabels(TextLines labels, IReadOnlyList<CodeSnippet> corpus, string input)
    {
        if (labels.Count != corpus.Count)
            throw new InvalidDataException($"{labels.FilePath} has {labels.Count} lines but {input} has {corpus.Count} snippets.");
        for (int i = 0; i < corpus.Count; i++)
        {
            int tokens = corpus[i].ResolveTokens().Count;
            if (labels.Lines[i].Count != tokens)
                throw new InvalidDataException($"{labels.FilePath} line {i + 1}: {labels.Lines[i].Count} labels but {input} line {i + 1} has {tokens} code tokens.");
        }
    }

    private static void CheckPatch(List<PreparedSnippet> input, List<PreparedSnippet> patch, InterventionRunOptions options)
    {
        for (int i = 0; i < input.Count; i++)
            PatchChecks.CheckPair(i, options.Alignment, options.PatchFrom, options.Input, patch[i].Ids.Length, input[i].Ids.Length,
                patch[i].TokenPositions.Length, input[i].TokenPositions.Length, nameof(options));
    }

    private static LanguageModelHead? LoadHead(InterventionRunOptions options, HfModelConfig config)
    {
        if (options.Head == EffectHead.None) return null;
        LanguageModelHead? head = null;
        if (options.Model is not null)
            head = LanguageModelHead.TryCreate(config, CheckpointLoader.ReadFolder(options.Model), TorchDevices.Resolve(options.Device), HfModel.ScalarType(new ModelLoadOptions(options.Device, options.DType)));
        if (head is null && options.Head == EffectHead.LanguageModel)
            throw new InvalidOperationException(
                $"The checkpoint {options.Model ?? "(embedded all-MiniLM-L6-v2)"} has no token-prediction head; a {config.ModelType} head needs {LanguageModelHead.Expected(config.ModelType)}. Use --head none, or a checkpoint that ships the head.");
        return head;
    }

    private static LinearProbe LoadProbe(string path, HfModelConfig config)
    {
        var probe = LinearProbe.Load(path);
        int total = (config.NumLayers + 1) * config.HiddenSize;
        if (probe.Task != ProbeTask.Classification) throw new InvalidDataException($"{path}: a classification probe is needed, not a {probe.Task} probe.");
        if (probe.NeuronIds.Any(id => id >= total))
            throw new InvalidDataException($"{path}: the probe reads neuron {probe.NeuronIds.Max()}, but this model has {total} ({config.NumLayers + 1} layers × {config.HiddenSize}); train it on this model's activations of every layer.");
        return probe;
    }

    private static LinearProbe TrainProbe(IHiddenStatesModel model, List<PreparedSnippet> snippets, int[][] labels, string[] classNames, long padId,
        InterventionRunOptions options, IProgress<InterventionProgress>? progress, CancellationToken ct)
    {
        var config = model.Config;
        int layer = options.ProbeLayer ?? config.NumLayers, h = config.HiddenSize;
        if (layer < 0 || layer > config.NumLayers)
            throw new ArgumentException($"ProbeLayer {layer} is outside [0, {config.NumLayers}] (0 = embeddings).", nameof(options));
        var ids = Enumerable.Range(layer * h, h).ToArray();
        var values = new List<float>();
        var y = new List<int>();
        for (int at = 0; at < snippets.Count; at += options.BatchSize)
        {
            ct.ThrowIfCancellationRequested();
            var batch = snippets.GetRange(at, Math.Min(options.BatchSize, snippets.Count - at));
            var (bIds, mask) = PreparedSnippet.Pad(batch, padId);
            var states = model.Forward(bIds, mask);
            values.AddRange(Rows(states, batch, ids, h).Values);
            for (int b = 0; b < batch.Count; b++) y.AddRange(labels[at + b]);
            progress?.Report(new InterventionProgress("probe", at + batch.Count, snippets.Count));
        }
        var layout = LayerLayout.Create(config.NumLayers + 1, h);
        var set = ActivationSet.Create([.. values], y.Count, layout, ids);
        var train = new LabeledActivations(set, ClassLabels.FromIds(y, classNames));
        var probeOptions = options.ProbeTraining ?? new ProbeOptions { Seed = options.Seed, Epochs = 20, LearningRate = 1e-2, Standardize = true };
        return new ManagedElasticNetProbe(probeOptions).Fit(train, cancellationToken: ct).Probe;
    }

    /// <summary>Feature rows (code tokens at their last subword) for the given global neuron ids (layer · hidden + unit).</summary>
    private static (float[] Values, int Rows) Rows(HiddenStates states, IReadOnlyList<PreparedSnippet> batch, int[] neuronIds, int hidden)
    {
        int rows = batch.Sum(s => s.TokenPositions.Length), n = neuronIds.Length;
        var values = new float[rows * n];
        var v = states.Values;
        int r = 0;
        for (int b = 0; b < batch.Count; b++)
            foreach (var positions in batch[b].TokenPositions)
            {
                int p = positions[^1];
                for (int j = 0; j < n; j++) values[r * n + j] = v[neuronIds[j] / hidden, b, p, neuronIds[j] % hidden];
                r++;
            }
        return (values, rows);
    }

    private static RunView Measure(HiddenStates states, long[,] ids, List<PreparedSnippet> batch, LanguageModelHead? head, LinearProbe? probe,
        int[][]? labels, int first, HfModelConfig config, IReadOnlyList<IHiddenStatesReadout>? readouts)
    {
        var view = new RunView();
        foreach (var readout in readouts ?? [])
        {
            var predicted = readout.Predict(states);
            if (predicted.Length != batch.Count)
                throw new InvalidOperationException($"Readout '{readout.Name}' returned {predicted.Length} predictions for a batch of {batch.Count} rows.");
            foreach (int c in predicted)
            {
                if (c < 0 || c >= readout.ClassNames.Count)
                    throw new InvalidOperationException($"Readout '{readout.Name}' predicted class {c}, outside [0, {readout.ClassNames.Count}).");
                view.Readouts.Add((readout, c));
            }
        }
        if (head is not null)
        {
            var (probability, top, argmax) = head.Score(states, ids);
            for (int b = 0; b < batch.Count; b++)
            {
                var s = batch[b];
                var owner = new Dictionary<int, int>();
                if (labels is not null)
                    for (int k = 0; k < s.TokenPositions.Length; k++)
                        foreach (int p in s.TokenPositions[k]) owner[p] = labels[first + b][k];
                for (int q = head.IsMasked ? s.ContentStart : Math.Max(1, s.ContentStart); q < s.ContentEnd; q++)
                {
                    int at = head.IsMasked ? q : q - 1;
                    view.Lm.Add((owner.TryGetValue(q, out int c) ? c : -1, probability[b, at], top[b, at], argmax[b, at]));
                }
            }
        }
        if (probe is not null && labels is not null)
        {
            var (values, rows) = Rows(states, batch, [.. probe.NeuronIds], config.HiddenSize);
            var set = ActivationSet.Create(values, rows, LayerLayout.Create(config.NumLayers + 1, config.HiddenSize), probe.NeuronIds);
            var predicted = probe.Predict(set);
            int r = 0;
            for (int b = 0; b < batch.Count; b++)
                foreach (int label in labels[first + b]) view.Probe.Add((label, predicted[r++]));
        }
        return view;
    }
}

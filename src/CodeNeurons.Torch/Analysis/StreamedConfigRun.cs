using System.Globalization;
using CodeNeurons.Analysis;
using CodeNeurons.Data;
using CodeNeurons.Formats;
using CodeNeurons.Interpretation;
using CodeNeurons.Torch.Interpretation;
using Microsoft.Extensions.Logging;

namespace CodeNeurons.Torch.Analysis;

/// <summary>
/// <see cref="CcfsConfigRunner"/>'s <c>data.rows</c> path: opens the raw folders as <see cref="RawActivationRows"/>
/// (nothing but labels and metadata read up front) and runs <see cref="StreamedCcfs"/> with the configured probe.
/// </summary>
internal static class StreamedConfigRun
{
    public static CcfsReport Run(CcfsRowsConfig folders, CcfsOptions options, CcfsConfigFile config, IProgress<CcfsConfigProgress>? progress,
        ILogger logger, CancellationToken ct)
    {
        var stages = new StageLog();
        var clock = stages.Start();
        var opened = new List<RawActivationRows>();
        try
        {
            var train = Open(folders.Train!, "train", null, opened);
            var dev = Open(folders.Dev!, "dev", train, opened);
            var missing = dev.Labels.MissingClasses();
            if (missing.Length > 0)
                throw new ArgumentException($"data.rows.dev ({folders.Dev}): class {string.Join(", ", missing.Select(c => $"'{train.Labels.ClassNames[c]}'"))} has no dev row; every class must be scored on dev.");
            var test = folders.Test is null ? null : Open(folders.Test, "test", train, opened);
            var data = new ProbingRows(train, dev, test);
            clock.Stop("load");
            CcfsConfigRunner.Summary(progress, logger, CcfsConfigStage.Data, string.Create(CultureInfo.InvariantCulture,
                $"{data.Neurons} neurons ({data.Layout.Layers} layers × {data.Layout.NeuronsPerLayer}), {data.ClassNames.Count} classes; train {train.Rows.Rows}, dev {dev.Rows.Rows}, test {test?.Rows.Rows ?? 0} rows, streamed from raw folders (StreamedCcfs)."));

            // The probe StreamedCcfs would make itself, or the TorchSharp one on the configured device; both read one minibatch at a time.
            ConceptProbe probe = config.Implementation == ProbeImplementation.Torch
                ? new TorchElasticNetProbe(options.Probe with { Seed = options.Seed }, config.Device)
                : new ManagedElasticNetProbe(options.Probe with { Seed = options.Seed });
            var relay = progress is null ? null : new CcfsConfigRunner.Relay<CcfsProgress>(p => progress.Report(new CcfsConfigProgress(CcfsConfigStage.Pipeline, p.Step, p.Steps, p.Detail, p)));
            var report = new StreamedCcfs(options, probe).Run(data, relay, ct);
            return stages.PrependTo(report);
        }
        finally
        {
            foreach (var rows in opened) rows.Dispose();
        }
    }

    /// <summary>One folder: its rows (kept open) and its y.i32 with the training split's class ids (matched by name).</summary>
    private static LabeledRows Open(string folder, string key, LabeledRows? train, List<RawActivationRows> opened)
    {
        var rows = RawActivationRows.Open(folder);
        opened.Add(rows);
        if (train is not null && rows.Layout != train.Rows.Layout)
            throw new ArgumentException($"data.rows.{key} ({folder}) has {rows.Layout.Neurons} neurons ({rows.Layout.Layers} layers × {rows.Layout.NeuronsPerLayer}) but data.rows.train "
                + $"has {train.Rows.Layout.Neurons} ({train.Rows.Layout.Layers} × {train.Rows.Layout.NeuronsPerLayer}); every split must come from the same model and layers.");
        var raw = RawActivationFolder.ReadLabels(folder);
        if (train is null) return new LabeledRows(rows, ClassLabels.FromIds(raw.Labels, raw.Classes));
        var order = train.Labels.ClassNames;
        var index = order.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => x.i, StringComparer.Ordinal);
        var map = raw.Classes.Select(c => index.TryGetValue(c, out int i) ? i
            : throw new ArgumentException($"data.rows.{key} ({folder}): class '{c}' of its meta.json does not occur in the training labels ({string.Join(", ", order)}).")).ToArray();
        return new LabeledRows(rows, ClassLabels.FromIds(raw.Labels.Select(l => map[l]).ToArray(), order));
    }
}

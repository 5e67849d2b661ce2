using System.Text.RegularExpressions;
using System.Xml.Linq;
using CodeNeurons.Reporting;

namespace CodeNeurons.Tests.Reporting;

/// <summary>A report with every section filled (deterministic data shaped like a CodeBERT analysis), and SVG helpers.</summary>
internal static partial class ReportSamples
{
    internal const string Hostile = "<script>alert('x')</script>";

    /// <summary>How many <c>svg</c> elements <see cref="Full"/> renders: network + line charts + bar charts + heat maps + activation maps.</summary>
    internal const int FullSvgCount = 1 + 3 + 2 + 1 + 2;

    internal static ReportDocument Full()
    {
        var rng = new Random(7);
        int layers = 13;
        var cka = new List<IReadOnlyList<double>>();
        for (int i = 0; i < layers; i++)
            cka.Add(Enumerable.Range(0, layers).Select(j => i == j ? 1.0 : Math.Round(Math.Exp(-Math.Abs(i - j) / 4.0) * 0.95, 4)).ToArray());
        string[] layerNames = Enumerable.Range(0, layers).Select(l => l == 0 ? "emb" : "L" + l).ToArray();

        var neurons = Enumerable.Range(0, 60).Select(i => new NeuronEntry
        {
            NeuronId = 768 * (i % 13) + 17 * i,
            Layer = i % 13,
            Unit = 17 * i,
            Score = Math.Round(1.0 / (i + 1), 5),
            TopTokens = i == 0 ? [Hostile, "public", "static"] : ["if", "for", "while", "return"],
        }).ToList();

        string[] code = ["public", "static", "int", "max", "(", "int", "a", ",", "int", "b", ")", "{", "return", "a", ">", "b", "?", "a", ":", "b", ";", "}"];
        var sentence = code.Select((t, i) => new TokenActivation(t, Math.Round(Math.Sin(i * 0.7) * 3, 3))).ToList();
        sentence[4] = new TokenActivation(Hostile, 0.5);

        return new ReportDocument
        {
            Title = "CodeBERT on Java tokens " + Hostile,
            CreatedUtc = new DateTimeOffset(2026, 11, 26, 13, 40, 0, TimeSpan.Zero),
            Model = "microsoft/codebert-base (13 layers × 768)",
            Headline = "A probe on 120 of the 9,984 neurons (98.8 % removed) reaches 93.0 % test accuracy, against 95.8 % with all neurons (the oracle).",
            Network = new NetworkMap
            {
                Title = "The network, 13 layers × 768 units: the 120 kept neurons marked " + Hostile,
                Layers = Enumerable.Range(0, layers).ToArray(), NeuronsPerLayer = 768,
                KeptNeurons = Enumerable.Range(0, 120).Select(i => 768 * (3 + i % 9) + (i * 97) % 768).Distinct().ToArray(),
            },
            Warnings = ["The dev split has only 148 tokens (fewer than 500).", Hostile],
            Glossary = [new GlossaryEntry("KEYWORD", "Concept: keywords."), new GlossaryEntry("IDENT", "Concept: identifiers."), new GlossaryEntry("emb", "The embedding layer " + Hostile)],
            Settings = [new("threshold", "0.3"), new("l1", "1e-05"), new("seed", "7"), new("note", Hostile)],
            Timings = [new("extract", 412.5), new("cluster", 37.25), new("probe", 128.0)],
            Notes = ["Accuracy is macro-averaged.", Hostile],
            Stages =
            [
                new StageRow { Name = "all neurons", NeuronsKept = 9984, NeuronsTotal = 9984, DevAccuracy = 0.962, TestAccuracy = 0.958, DevRows = 148, TestRows = 2000 },
                new StageRow { Name = "correlation clustering 0.3", NeuronsKept = 2688, NeuronsTotal = 9984, DevAccuracy = 0.955, TestAccuracy = 0.951, Detail = "average linkage" },
                new StageRow { Name = "minimal set", NeuronsKept = 120, NeuronsTotal = 2688, TestAccuracy = 0.93, Detail = Hostile },
            ],
            LineCharts =
            [
                new LineChart
                {
                    Title = "Accuracy vs neurons kept", XLabel = "neurons kept", YLabel = "accuracy", LogX = true,
                    Series =
                    [
                        new ChartSeries { Name = "probe (test)", Points = [new(10, 0.61), new(50, 0.8), new(100, 0.87), new(500, 0.93), new(2688, 0.951), new(9984, 0.958)] },
                        new ChartSeries { Name = "random neurons", Points = [new(10, 0.31), new(50, 0.45), new(100, 0.55), new(500, 0.74), new(2688, 0.9), new(9984, 0.958)] },
                    ],
                },
                new LineChart
                {
                    Title = "CC curve", XLabel = "clustering threshold", YLabel = "accuracy", Y2Label = "neurons kept",
                    Series =
                    [
                        new ChartSeries { Name = "accuracy", Points = Enumerable.Range(1, 9).Select(k => new ChartPoint(k / 10.0, 0.96 - 0.004 * k * k)).ToList() },
                        new ChartSeries { Name = "neurons kept", SecondaryAxis = true, Points = Enumerable.Range(1, 9).Select(k => new ChartPoint(k / 10.0, Math.Round(9984 * Math.Exp(-k / 2.0)))).ToList() },
                    ],
                },
                new LineChart
                {
                    Title = "Layer-wise accuracy", XLabel = "layer", YLabel = "accuracy",
                    Series =
                    [
                        new ChartSeries { Name = "independent", Points = Enumerable.Range(0, layers).Select(l => new ChartPoint(l, 0.7 + 0.02 * l - 0.001 * l * l + rng.NextDouble() * 0.01)).ToList() },
                        new ChartSeries { Name = "incremental", Points = Enumerable.Range(0, layers).Select(l => new ChartPoint(l, l == 6 ? double.NaN : Math.Min(0.96, 0.72 + 0.03 * l))).ToList() },
                    ],
                },
            ],
            BarCharts =
            [
                new BarChart
                {
                    Title = "Layer distribution of the top 120 neurons", XLabel = "layer", YLabel = "neurons", Categories = layerNames,
                    Series = [new BarSeries("top neurons", [2, 3, 5, 8, 11, 14, 16, 15, 13, 11, 10, 7, 5])],
                },
                new BarChart
                {
                    Title = "Per-class accuracy", YLabel = "accuracy", Categories = ["KEYWORD", "IDENT", "OPERATOR", "LITERAL", "SEPARATOR"],
                    Series = [new BarSeries("all neurons", [0.99, 0.97, 0.95, 0.9, 0.995]), new BarSeries("top 120", [0.97, 0.91, 0.93, 0.84, 0.99])],
                },
            ],
            HeatMaps = [new HeatMap { Title = "CKA layer similarity", RowLabels = layerNames, ColumnLabels = layerNames, Values = cka, Min = 0, Max = 1 }],
            Concepts =
            [
                new ConceptNeurons { Concept = "KEYWORD", Neurons = neurons, TotalNeurons = 2688 },
                new ConceptNeurons { Concept = "OPERATOR " + Hostile, Neurons = neurons.Take(5).ToList() },
            ],
            ActivationMaps =
            [
                new ActivationMap { NeuronId = 7321, Label = "layer 9, unit 409: KEYWORD", Sentences = [sentence, sentence.Take(8).ToList()], SentenceCaptions = ["fires most: 3.00 on “max”", "does not fire " + Hostile] },
                new ActivationMap { NeuronId = 42, Sentences = [code.Select((t, i) => new TokenActivation(t, i % 3 == 0 ? -1.5 : 0.25)).ToList()] },
            ],
        };
    }

    /// <summary>Every <c>svg</c> element of an HTML page, parsed as XML (throws when one is not well-formed).</summary>
    internal static List<XElement> InlineSvgs(string html) =>
        SvgElement().Matches(html).Select(m => XElement.Parse(m.Value)).ToList();

    /// <summary>The (r, g, b) of a <c>#rrggbb</c> colour.</summary>
    internal static (int R, int G, int B) Rgb(string hex)
    {
        Assert.That(hex, Does.Match("^#[0-9a-fA-F]{6}$"));
        return (Convert.ToInt32(hex[1..3], 16), Convert.ToInt32(hex[3..5], 16), Convert.ToInt32(hex[5..7], 16));
    }

    [GeneratedRegex("<svg[\\s>].*?</svg>", RegexOptions.Singleline)]
    private static partial Regex SvgElement();
}

// Extract every layer's activations of the embedded all-MiniLM-L6-v2 over a few lines of code, then find redundant
// neurons. Run: dotnet run --project samples/EmbeddedModel [-- path/to/hf-model-folder]
using CodeNeurons.Data;
using CodeNeurons.Redundancy;
using CodeNeurons.Torch.Extraction;

string[] code =
[
    "public static int max ( int a , int b ) { return a > b ? a : b ; }",
    "for ( int i = 0 ; i < n ; i ++ ) { total += values [ i ] ; }",
    "String greeting = \"hello\" + name ;",
    "def mean ( values ) : return sum ( values ) / len ( values )",
    "if count == 0 : raise ValueError ( \"empty\" )",
];
var options = new TransformerExtractionOptions { Aggregation = TokenAggregation.Average };
using var source = args.Length > 0 ? TransformerActivationSource.Load(args[0], options) : TransformerActivationSource.LoadMiniLm(options);
ActivationSet acts = source.Extract(code.Select(line => CodeSnippet.FromTokens(line.Split(' '))));
Console.WriteLine($"{acts.Rows} code tokens × {acts.Neurons} neurons ({acts.Layout.Layers} hidden states × {acts.Layout.NeuronsPerLayer})");

var result = new CorrelationClustering(new() { Thresholds = [0.3, 0.7] }).Cluster(acts);
foreach (var cut in result.Cuts)
    Console.WriteLine($"t = {cut.Threshold}: {cut.ClusterCount} clusters ({100.0 * cut.ClusterCount / acts.Neurons:F1}% of the neurons kept)");

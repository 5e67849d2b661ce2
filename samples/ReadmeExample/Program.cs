// The README's ten-line example as a project (compiled with the solution, so it cannot rot):
// extract → filter → fit → report on the paper's Java token tagging.
// Run: dotnet run --project samples/ReadmeExample -c Release -- path/to/train.in path/to/train.label
using CodeNeurons.Concepts;
using CodeNeurons.Analysis;
using CodeNeurons.Reporting;
using CodeNeurons.Torch.Extraction;

string tokensFile = args.Length > 0 ? args[0] : "train.in", labelsFile = args.Length > 1 ? args[1] : "train.label";

using var model = TransformerActivationSource.LoadMiniLm();                  // or TransformerActivationSource.Load("codebert-base")
var tokens = LabeledTokens.FromFiles(tokensFile, labelsFile, TokenSeparator.Space);
var dataset = ProbingDatasetBuilder.Build(tokens, PaperPresets.JavaSixClasses);
var data = ProbingExtraction.Extract(model, dataset, tokens).Data;                // runs only the sentences the dataset needs
var report = new CcfsPipeline(new CcfsOptions { Seed = 0 }).Run(data);     // LS → CC → LCA, every choice on dev
Console.WriteLine($"{report.Best!.Neurons} of {report.InputNeurons} neurons, test {report.Best.TestScore:P1}");
HtmlReport.Save(ReportDocuments.FromCcfs(report), "report.html");           // self-contained HTML, inline SVG

// The README's "Using the library" example as a project (compiled with the solution and run by
// tests/CodeNeurons.Cli.Tests/Cli/ReadmeExampleTests, so it cannot rot): the whole `codeneurons analyze` workflow
// on the built-in Java/Python corpus. Run: dotnet run --project samples/ReadmeExample -c Release
using CodeNeurons.Concepts;
using CodeNeurons.Reporting;
using CodeNeurons.Torch.Extraction;
using CodeNeurons.Workflows;

using var model = TransformerActivationSource.LoadMiniLm();              // or TransformerActivationSource.Load("codebert-base")
var workflow = new CodeAnalysisWorkflow(new AnalyzeOptions { Seed = 0 });  // label → extract → CCFS → CKA → report
AnalyzeResult result = workflow.Run(CodeCorpus.BuiltIn(), model);         // or CodeCorpus.FromFiles(["A.java", "b.py"])
Console.Write(CcfsReportText.Format(result.Report));                      // the table `codeneurons analyze` prints
HtmlReport.Save(result.Document, "report.html");                          // self-contained HTML, inline SVG

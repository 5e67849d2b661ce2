using System.Text.RegularExpressions;

namespace CodeNeurons.Tests.Architecture;

/// <summary>
/// The folders of src/CodeNeurons are layers: each folder's namespace is CodeNeurons.&lt;Folder&gt;, and no folder may
/// import a folder that (directly or through others) imports it back. Read from the source files of the checkout.
/// </summary>
[TestFixture]
public sealed partial class FolderDependencyTests
{
    private static string CoreSource()
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "CodeNeurons.sln"))) return Path.Combine(dir.FullName, "src", "CodeNeurons");
        Assert.Ignore("The source tree is not above the test output (the tests run outside a checkout).");
        return "";
    }

    private static Dictionary<string, HashSet<string>> Graph(string root)
    {
        var folders = Directory.GetDirectories(root).Select(Path.GetFileName).Where(f => f is not ("bin" or "obj")).Select(f => f!).ToHashSet();
        var graph = folders.ToDictionary(f => f, _ => new HashSet<string>());
        foreach (var folder in folders)
            foreach (var file in Directory.EnumerateFiles(Path.Combine(root, folder), "*.cs", SearchOption.AllDirectories))
            {
                string text = File.ReadAllText(file);
                foreach (Match m in Reference().Matches(text))
                {
                    string target = m.Groups[1].Value;
                    if (target != folder && folders.Contains(target)) graph[folder].Add(target);
                }
            }
        return graph;
    }

    [GeneratedRegex(@"\bCodeNeurons\.([A-Z][A-Za-z]+)\b")]
    private static partial Regex Reference();

    [Test]
    public void EveryFileDeclaresTheNamespaceOfItsFolder()
    {
        string root = CoreSource();
        var wrong = new List<string>();
        foreach (var file in Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories).Where(f => !f.Contains("/obj/") && !f.Contains("/bin/")))
        {
            string relative = Path.GetRelativePath(root, file);
            string folder = relative.Split(Path.DirectorySeparatorChar)[0];
            var ns = Regex.Match(File.ReadAllText(file), @"^namespace ([\w.]+);", RegexOptions.Multiline).Groups[1].Value;
            if (ns != $"CodeNeurons.{folder}") wrong.Add($"{relative}: namespace {ns}");
        }
        Assert.That(wrong, Is.Empty);
    }

    [Test]
    public void NoFolderImportsAFolderThatImportsItBack()
    {
        var graph = Graph(CoreSource());
        var cycles = new List<string>();
        foreach (var start in graph.Keys)
        {
            // Depth-first search for a path from a dependency of start back to start.
            var stack = new Stack<(string Node, string Path)>(graph[start].Select(d => (d, $"{start} → {d}")));
            var seen = new HashSet<string>();
            while (stack.Count > 0)
            {
                var (node, path) = stack.Pop();
                if (node == start) { cycles.Add(path); break; }
                if (!seen.Add(node)) continue;
                foreach (var next in graph[node]) stack.Push((next, $"{path} → {next}"));
            }
        }
        Assert.That(cycles, Is.Empty, "import loops between folders");
        Assert.That(graph["Data"], Is.Empty.Or.All.EqualTo("Numerics"), "Data is the bottom layer");
    }
}

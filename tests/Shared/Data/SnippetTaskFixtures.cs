using System.Text;

namespace CodeNeurons.Tests.Workflows;

/// <summary>Hand-made snippet-task folders (defect, clone) of 36 rows of four small Python function shapes, in CodeXGLUE's formats.</summary>
internal static class SnippetTaskFixtures
{
    internal static string Function(int i) => (i % 4) switch
    {
        0 => $"def f{i}(xs):\n    s = {i}\n    for x in xs:\n        s += x\n    return s\n",
        1 => $"def g{i}(a):\n    return a is None\n",
        2 => $"def h{i}(p):\n    try:\n        return open(p).read() == 'x{i}'\n    except OSError:\n        return False\n",
        _ => $"def k{i}(n):\n    while n > {i}:\n        n -= 1\n    return n\n",
    };

    private static string Json(string s) => "\"" + s.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n") + "\"";

    /// <summary>A defect folder: 20 / 8 / 8 functions, label = i % 2.</summary>
    internal static string DefectFolder(string root)
    {
        var dir = Directory.CreateDirectory(Path.Combine(root, "defect")).FullName;
        void Split(string name, int from, int count) => File.WriteAllText(Path.Combine(dir, name),
            string.Concat(Enumerable.Range(from, count).Select(i => $"{{\"func\": {Json(Function(i))}, \"target\": {i % 2}, \"idx\": {i}}}\n")), new UTF8Encoding(false));
        Split("train.jsonl", 0, 20);
        Split("valid.jsonl", 20, 8);
        Split("test.jsonl", 28, 8);
        return dir;
    }

    /// <summary>A clone folder: 40 functions; 20 / 8 / 8 pairs: (i, i + 4) for even i (same shape, label 1), (i, i + 1) for odd i (label 0).</summary>
    internal static string CloneFolder(string root)
    {
        var dir = Directory.CreateDirectory(Path.Combine(root, "clone")).FullName;
        File.WriteAllText(Path.Combine(dir, "data.jsonl"), string.Concat(Enumerable.Range(0, 40).Select(i => $"{{\"func\": {Json(Function(i))}, \"idx\": \"{i}\"}}\n")));
        void Split(string name, int from, int count) => File.WriteAllText(Path.Combine(dir, name),
            string.Concat(Enumerable.Range(from, count).Select(i => $"{i}\t{(i % 2 == 0 ? i + 4 : i + 1)}\t{(i % 2 == 0 ? 1 : 0)}\n")));
        Split("train.txt", 0, 20);
        Split("valid.txt", 20, 8);
        Split("test.txt", 28, 8);
        return dir;
    }
}

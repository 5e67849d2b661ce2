using CodeNeurons.Data;

namespace CodeNeurons.Tasks;

/// <summary>The three snippet-level tasks of Sharma et al. (arXiv 2305.00875), each a binary classification.</summary>
public enum CodeTask
{
    /// <summary>Defect detection (CodeXGLUE Devign): one function, 1 = defective / vulnerable, 0 = clean.</summary>
    DefectDetection,

    /// <summary>Clone detection (CodeXGLUE BigCloneBench): two functions, 1 = semantically equivalent, 0 = not; scored by F1.</summary>
    CloneDetection,

    /// <summary>Code search (CodeXGLUE WebQuery / CoSQA): a natural-language query and a function, 1 = the function answers the query.</summary>
    CodeSearch,
}

/// <summary>One function with a binary label (defect detection).</summary>
/// <param name="Idx">The example's <c>idx</c> as written in the file (a number or a string, kept as text).</param>
/// <param name="Code">The function's source (<c>func</c>).</param>
/// <param name="Label">The <c>target</c>: 1 = defective, 0 = clean.</param>
public sealed record SnippetExample(string Idx, string Code, int Label)
{
    /// <summary>The <c>project</c> field (Devign: FFmpeg or qemu), or null when the row has none.</summary>
    public string? Project { get; init; }

    /// <summary>The <c>commit_id</c> field, or null when the row has none.</summary>
    public string? CommitId { get; init; }
}

/// <summary>
/// Two texts with a binary label (clone detection: two functions; code search: query then function, the order CodeXGLUE's
/// search head concatenates them in).
/// </summary>
/// <param name="Idx">The pair's id: the search file's <c>idx</c>, or <c>idx1/idx2</c> for a clone pair.</param>
/// <param name="First">Clone detection: the first function (<c>idx1</c>); code search: the query (<c>doc</c>).</param>
/// <param name="Second">Clone detection: the second function (<c>idx2</c>); code search: the code (<c>code</c>).</param>
/// <param name="Label">1 = clone / match, 0 = not.</param>
public sealed record PairExample(string Idx, string First, string Second, int Label)
{
    /// <summary>Clone detection: <c>idx1</c> of the pair file; null for code search.</summary>
    public string? FirstIdx { get; init; }

    /// <summary>Clone detection: <c>idx2</c> of the pair file; null for code search.</summary>
    public string? SecondIdx { get; init; }
}

/// <summary>Class names of the three tasks and the conversion of examples to <see cref="ClassLabels"/>.</summary>
public static class TaskLabels
{
    /// <summary>The class names of <paramref name="task"/> in id order (class 0 first): the negative class, then the positive one.</summary>
    /// <param name="task">The task.</param>
    /// <returns>Two names: defect detection <c>clean, defective</c>; clone detection <c>non-clone, clone</c>; code search <c>no-match, match</c>.</returns>
    public static IReadOnlyList<string> ClassNames(CodeTask task) => task switch
    {
        CodeTask.DefectDetection => ["clean", "defective"],
        CodeTask.CloneDetection => ["non-clone", "clone"],
        CodeTask.CodeSearch => ["no-match", "match"],
        _ => throw new ArgumentOutOfRangeException(nameof(task), task, "Unknown task."),
    };

    /// <summary>The labels of <paramref name="examples"/> as <see cref="ClassLabels"/> with the task's two class names.</summary>
    /// <param name="examples">Defect-detection examples.</param>
    /// <returns>One class id (0 or 1) per example.</returns>
    public static ClassLabels ToClassLabels(this IReadOnlyList<SnippetExample> examples)
    {
        ArgumentNullException.ThrowIfNull(examples);
        return ClassLabels.FromIds(examples.Select(e => e.Label).ToArray(), ClassNames(CodeTask.DefectDetection));
    }

    /// <summary>The labels of <paramref name="examples"/> as <see cref="ClassLabels"/> with the class names of <paramref name="task"/>.</summary>
    /// <param name="examples">Pair examples.</param>
    /// <param name="task"><see cref="CodeTask.CloneDetection"/> or <see cref="CodeTask.CodeSearch"/>.</param>
    /// <returns>One class id (0 or 1) per example.</returns>
    public static ClassLabels ToClassLabels(this IReadOnlyList<PairExample> examples, CodeTask task)
    {
        ArgumentNullException.ThrowIfNull(examples);
        if (task == CodeTask.DefectDetection) throw new ArgumentException("Pairs belong to clone detection or code search, not defect detection.", nameof(task));
        return ClassLabels.FromIds(examples.Select(e => e.Label).ToArray(), ClassNames(task));
    }
}

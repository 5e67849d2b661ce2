using CodeNeurons.Data;

namespace CodeNeurons.Tasks;

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

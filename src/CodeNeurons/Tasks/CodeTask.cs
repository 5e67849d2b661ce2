
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

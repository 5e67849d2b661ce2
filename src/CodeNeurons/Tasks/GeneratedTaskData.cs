using System.Text.Encodings.Web;
using System.Text.Json;
using CodeNeurons.Formats;

namespace CodeNeurons.Tasks;

/// <summary>What <see cref="TaskGenerator.Generate"/> wrote.</summary>
/// <param name="Task">The task.</param>
/// <param name="SourceFiles">Python files read.</param>
/// <param name="SkippedFiles">Files skipped (not UTF-8, or the lexer reported a problem).</param>
/// <param name="CandidateFunctions">Functions that fit the task's filters.</param>
/// <param name="Functions">Functions used.</param>
/// <param name="Train">Training examples (rows of <c>train.*</c>).</param>
/// <param name="Valid">Validation examples.</param>
/// <param name="Test">Test examples.</param>
/// <param name="Files">The files written, relative to the output folder.</param>
public sealed record GeneratedTaskData(CodeTask Task, int SourceFiles, int SkippedFiles, int CandidateFunctions, int Functions, int Train, int Valid, int Test, IReadOnlyList<string> Files);

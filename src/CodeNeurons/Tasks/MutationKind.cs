using CodeNeurons.Lexing;

namespace CodeNeurons.Tasks;

/// <summary>The single-token mutations that make a defect-detection example.</summary>
public enum MutationKind
{
    /// <summary><c>&lt;</c> ↔ <c>&lt;=</c>, <c>&gt;</c> ↔ <c>&gt;=</c> (one token replaced).</summary>
    OffByOneComparison,

    /// <summary><c>a - b</c> → <c>b - a</c> for a non-commutative binary operator with single-token operands (two adjacent-operand tokens transposed).</summary>
    SwappedOperands,

    /// <summary><c>+</c> ↔ <c>-</c>, <c>*</c> ↔ <c>/</c>, <c>==</c> ↔ <c>!=</c>, <c>and</c> ↔ <c>or</c> (one token replaced).</summary>
    WrongOperator,

    /// <summary>A unary <c>not</c> removed (one token deleted).</summary>
    DroppedNegation,

    /// <summary>A read of a parameter or local replaced by another parameter or local of the function (one token replaced).</summary>
    WrongVariable,
}

using TorchSharp;
using static TorchSharp.torch;

namespace CodeNeurons.Torch;

/// <summary>
/// Tensor sums without temporary <see cref="Scalar"/>s. TorchSharp's <c>a + b</c>, <c>a.add(b)</c>, <c>a - b</c> and
/// <c>a.add_(b)</c> pass an <c>alpha</c> of 1 that they convert implicitly to a Scalar; nothing keeps that temporary alive
/// during the native call, so a garbage collection may finalise (free) it while libtorch reads it. Extraction then failed
/// at random with <c>Expected false to be true … toLong/toFloat at c10/core/Scalar.h:140</c>. Here alpha is a Scalar that
/// lives as long as the process, and every other Scalar of this assembly is created explicitly and held with
/// <c>using</c> until the call returns.
/// </summary>
internal static class TorchScalars
{
    /// <summary>The alpha 1 of additions and subtractions (rooted by this static field, so never finalised).</summary>
    internal static readonly Scalar One = 1.ToScalar();

    /// <summary>The alpha −1 of subtractions (TorchSharp's <c>sub</c> takes no alpha): <c>a + (−1)·b</c> is exactly <c>a − b</c>.</summary>
    internal static readonly Scalar MinusOne = (-1).ToScalar();

    /// <summary><c>a + b</c> (broadcasting).</summary>
    internal static Tensor Plus(this Tensor a, Tensor b) => a.add(b, One);

    /// <summary><c>a + value</c>.</summary>
    internal static Tensor Plus(this Tensor a, Scalar value) => a.add(value, One);

    /// <summary><c>a − b</c> (broadcasting).</summary>
    internal static Tensor Minus(this Tensor a, Tensor b) => a.add(b, MinusOne);

    /// <summary><c>a += b</c> in place.</summary>
    internal static Tensor PlusInPlace(this Tensor a, Tensor b) => a.add_(b, One);
}

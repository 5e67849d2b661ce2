using CodeNeurons.Numerics;

namespace CodeNeurons.Tests.Numerics;

/// <summary>
/// The vectorised NaN/±Inf search against a naive loop for every length 0..80 (the vector loop, its tail and the
/// boundary between them) and every position of the bad value.
/// </summary>
public class FiniteCheckTests
{
    private static readonly float[] NonFinite = [float.NaN, float.PositiveInfinity, float.NegativeInfinity, BitConverter.Int32BitsToSingle(0x7FC00001), BitConverter.Int32BitsToSingle(unchecked((int)0xFF800001))];

    /// <summary>Finite values whose bit patterns come closest to the exponent mask: none may be reported.</summary>
    private static readonly float[] EdgeFinite = [float.MaxValue, float.MinValue, float.Epsilon, -float.Epsilon, 0f, -0f, 1e-40f, BitConverter.Int32BitsToSingle(0x7F7FFFFF), BitConverter.Int32BitsToSingle(0x007FFFFF)];

    private static int Naive(float[] values)
    {
        for (int i = 0; i < values.Length; i++)
            if (!float.IsFinite(values[i])) return i;
        return -1;
    }

    [Test]
    public void FindsTheFirstNonFiniteValueAtEveryPositionOfEveryLength()
    {
        var rng = new Random(3);
        for (int length = 0; length <= 80; length++)
        {
            var values = Enumerable.Range(0, length).Select(i => EdgeFinite[rng.Next(EdgeFinite.Length)] * (i % 2 == 0 ? 1 : -1)).ToArray();
            Assert.That(FiniteCheck.IndexOfNonFinite(values), Is.EqualTo(-1), $"all finite, length {length}");
            for (int at = 0; at < length; at++)
            {
                var copy = (float[])values.Clone();
                copy[at] = NonFinite[(at + length) % NonFinite.Length];
                if (at + 3 < length) copy[at + 3] = float.NaN;   // a later bad value must not be reported instead
                Assert.That(FiniteCheck.IndexOfNonFinite(copy), Is.EqualTo(Naive(copy)).And.EqualTo(at), $"length {length}, position {at}");
            }
        }
    }

    [Test]
    public void EveryNonFiniteKindIsFoundInAVectorLongArray()
    {
        foreach (float bad in NonFinite)
        {
            var values = new float[1000];
            values[777] = bad;
            Assert.That(FiniteCheck.IndexOfNonFinite(values), Is.EqualTo(777), $"0x{BitConverter.SingleToInt32Bits(bad):X8}");
        }
    }
}

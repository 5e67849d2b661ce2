namespace CodeNeurons.Torch.Models;

/// <summary>One weight read from a checkpoint file, converted to float32 and stored contiguously in row-major order.</summary>
/// <param name="Shape">The tensor's shape.</param>
/// <param name="Data">The values, row-major; length is the product of <paramref name="Shape"/>.</param>
public sealed record CheckpointTensor(long[] Shape, float[] Data)
{
    /// <summary>The shape as text, e.g. <c>[32, 64]</c>.</summary>
    public string ShapeText => "[" + string.Join(", ", Shape) + "]";

    internal static float HalfToSingle(ushort bits) => (float)BitConverter.UInt16BitsToHalf(bits);

    internal static float BFloat16ToSingle(ushort bits) => BitConverter.Int32BitsToSingle(bits << 16);
}

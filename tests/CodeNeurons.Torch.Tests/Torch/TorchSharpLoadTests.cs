using TorchSharp;
using static TorchSharp.torch;

namespace CodeNeurons.Tests.Torch;

/// <summary>
/// TorchSharp's native library loads and computes. On Debian 12 this needs build/TorchSharpDebian12.targets
/// (see docs/debian12.md); without it the first torch call throws "…the libtorch-cpu-linux-x64 package…".
/// </summary>
[TestFixture]
public sealed class TorchSharpLoadTests
{
    [Test]
    public void OnesMatmulComputes()
    {
        using var scope = NewDisposeScope();
        var a = ones(2, 2);
        var b = tensor(new float[] { 1, 2, 3, 4 }).reshape(2, 2);
        var c = a.matmul(b);
        Assert.That(c.data<float>().ToArray(), Is.EqualTo(new float[] { 4, 6, 4, 6 }));
    }
}

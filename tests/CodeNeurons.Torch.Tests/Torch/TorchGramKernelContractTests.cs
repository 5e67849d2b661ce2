using CodeNeurons.Redundancy;
using CodeNeurons.Tests.Contracts;
using CodeNeurons.Torch;

namespace CodeNeurons.Tests.Torch;

/// <summary>The Gram-kernel contract on the TorchSharp kernel (CPU).</summary>
[TestFixture]
public sealed class TorchGramKernelContractTests : GramKernelContract
{
    protected override IGramKernel CreateKernel() => new TorchGramKernel(new TorchGramKernelOptions { Device = "cpu" });
}

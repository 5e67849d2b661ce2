using CodeNeurons.Redundancy;
using CodeNeurons.Tests.Contracts;

namespace CodeNeurons.Tests.Redundancy;

/// <summary>The Gram-kernel contract on the managed SIMD kernel.</summary>
[TestFixture]
public sealed class ManagedGramKernelContractTests : GramKernelContract
{
    protected override IGramKernel CreateKernel() => new ManagedGramKernel();
}

/// <summary>The Gram-kernel contract on the scalar reference kernel.</summary>
[TestFixture]
public sealed class ReferenceGramKernelContractTests : GramKernelContract
{
    protected override IGramKernel CreateKernel() => new ReferenceGramKernel();
}

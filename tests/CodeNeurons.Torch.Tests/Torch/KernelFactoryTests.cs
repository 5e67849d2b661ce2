using CodeNeurons.Redundancy;
using CodeNeurons.Torch;

namespace CodeNeurons.Tests.Torch;

public class KernelFactoryTests
{
    [Test]
    public void AutoIsManagedOnCpuAndTheChoiceIsHonoured()
    {
        Assert.That(KernelFactory.Create(KernelChoice.Auto, "cpu"), Is.TypeOf<ManagedGramKernel>());
        Assert.That(KernelFactory.Create(KernelChoice.Auto, " CPU "), Is.TypeOf<ManagedGramKernel>());
        Assert.That(KernelFactory.Create(KernelChoice.Managed, "cpu"), Is.TypeOf<ManagedGramKernel>());
        Assert.That(KernelFactory.Create(KernelChoice.Torch, "cpu"), Is.TypeOf<TorchGramKernel>());
    }

    [Test]
    public void BadDevicesAreNamed()
    {
        Assert.That(() => KernelFactory.Create(KernelChoice.Auto, "tpu"), Throws.ArgumentException.With.Message.Contains("'tpu'"));
        Assert.That(() => KernelFactory.Create(KernelChoice.Managed, "cuda"), Throws.ArgumentException.With.Message.Contains("managed runs on the CPU only"));
    }
}

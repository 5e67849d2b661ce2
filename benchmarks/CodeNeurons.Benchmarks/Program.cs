using BenchmarkDotNet.Running;

namespace CodeNeurons.Benchmarks;

/// <summary>Runs the benchmarks: <c>dotnet run -c Release --project benchmarks/CodeNeurons.Benchmarks -- --filter '*'</c>.</summary>
public static class Program
{
    /// <summary>Entry point; prints the environment, then lets BenchmarkSwitcher pick benchmarks from the arguments.</summary>
    public static void Main(string[] args)
    {
        Console.WriteLine($"{Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}, " +
            $"Vector512 {System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated}, Vector256 {System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated}");
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}

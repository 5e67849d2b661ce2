namespace CodeNeurons.Tests;

/// <summary>Base class of tests that need a fresh temporary folder per test (<see cref="TempDir"/>), deleted afterwards.</summary>
public abstract class TempDirectoryTest
{
    /// <summary>The current test's folder.</summary>
    protected string TempDir { get; private set; } = "";

    [SetUp]
    public void CreateTempDirectory()
    {
        TempDir = Path.Combine(Path.GetTempPath(), "codeneurons-test-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(TempDir);
    }

    [TearDown]
    public void DeleteTempDirectory()
    {
        if (Directory.Exists(TempDir)) Directory.Delete(TempDir, recursive: true);
    }
}

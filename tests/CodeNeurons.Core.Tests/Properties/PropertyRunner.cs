using CsCheck;

namespace CodeNeurons.Tests.Properties;

/// <summary>
/// Runs a CsCheck generator deterministically: iteration i draws from <c>new PCG(stream, i)</c>, so a failure names the
/// (stream, iteration) that reproduces it and CI never sees a different sample. Iterations are bounded per property to
/// keep each test under a second or two.
/// </summary>
internal static class PropertyRunner
{
    public static void ForAll<T>(Gen<T> gen, Action<T> assert, int iterations, uint stream, Func<T, string>? describe = null)
    {
        for (int i = 0; i < iterations; i++)
        {
            T value = gen.Generate(new PCG(stream, (ulong)i), null!, out _);
            try
            {
                assert(value);
            }
            catch (Exception ex) when (ex is not ResultStateException || ex is AssertionException)
            {
                string shown = describe?.Invoke(value) ?? value?.ToString() ?? "null";
                throw new AssertionException($"Property failed at stream {stream}, iteration {i}, input {shown}:\n{ex.Message}", ex);
            }
        }
    }
}

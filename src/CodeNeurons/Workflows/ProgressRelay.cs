namespace CodeNeurons.Workflows;

/// <summary>Reports on the calling thread (Progress&lt;T&gt; would post to the thread pool, out of order).</summary>
internal sealed class ProgressRelay<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}

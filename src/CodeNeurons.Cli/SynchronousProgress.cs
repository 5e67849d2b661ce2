namespace CodeNeurons.Cli;

/// <summary>An IProgress that reports on the calling thread (Progress&lt;T&gt; posts to the thread pool and may print after the command ends).</summary>
internal sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}

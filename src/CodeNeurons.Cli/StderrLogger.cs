using Microsoft.Extensions.Logging;

namespace CodeNeurons.Cli;

/// <summary>Writes the library's warnings and errors to stderr (the library itself never writes to the console).</summary>
internal sealed class StderrLogger<T> : ILogger<T>
{
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel)) return;
        Console.Error.WriteLine($"codeneurons: {logLevel.ToString().ToLowerInvariant()}: {formatter(state, exception)}");
    }
}

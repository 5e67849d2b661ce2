using System.Text.Json;

namespace CodeNeurons.Formats;

/// <summary>
/// <see cref="JsonDocument"/> checks that strings are valid UTF-8 (and that <c>\u</c> escapes pair their surrogates) only
/// when a string is read, and then throws <see cref="InvalidOperationException"/>. Readers of outside files call
/// <see cref="Check"/> once after parsing so that such a file fails up front with the reader's documented exception
/// (found by fuzzing; see docs/reliability.md).
/// </summary>
public static class JsonStrings
{
    /// <summary>Reads every property name and string value of <paramref name="element"/>; throws <paramref name="error"/>(JSON path) for the first that cannot be decoded.</summary>
    /// <param name="element">The parsed JSON.</param>
    /// <param name="error">Builds the exception to throw from the JSON path of the bad string and the decoder's exception.</param>
    /// <param name="where">The JSON path of <paramref name="element"/>.</param>
    public static void Check(JsonElement element, Func<string, Exception, Exception> error, string where = "$")
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                int i = 0;
                foreach (var p in element.EnumerateObject())
                {
                    string name;
                    try { name = p.Name; }
                    catch (InvalidOperationException ex) { throw error($"{where}: property {i} has a name that is not valid UTF-8/UTF-16", ex); }
                    Check(p.Value, error, $"{where}.{name}");
                    i++;
                }
                break;
            case JsonValueKind.Array:
                int k = 0;
                foreach (var e in element.EnumerateArray()) Check(e, error, $"{where}[{k++}]");
                break;
            case JsonValueKind.String:
                try { _ = element.GetString(); }
                catch (InvalidOperationException ex) { throw error($"{where}: the string is not valid UTF-8/UTF-16", ex); }
                break;
        }
    }
}

using System.Runtime.InteropServices;
using System.Text.Json;
using CodeNeurons.Data;

namespace CodeNeurons.Formats;

/// <summary>The contents of a raw folder's <c>meta.json</c>.</summary>
/// <param name="Tokens">Rows T.</param>
/// <param name="Neurons">Columns N (= L · D).</param>
/// <param name="Classes">Class names (empty when the folder has no labels).</param>
/// <param name="Layout">L × D; a single layer of N when the file gives no layer fields.</param>
public sealed record RawMeta(int Tokens, int Neurons, IReadOnlyList<string> Classes, LayerLayout Layout);

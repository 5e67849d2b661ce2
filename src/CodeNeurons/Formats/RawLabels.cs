using System.Runtime.InteropServices;
using System.Text.Json;
using CodeNeurons.Data;
using Microsoft.Win32.SafeHandles;

namespace CodeNeurons.Formats;

/// <summary>Class labels of a raw folder: one label in [0, C) per row and the C class names.</summary>
/// <param name="Labels">Label of each row (<c>y.i32</c>).</param>
/// <param name="Classes">Class names, index = label (<c>meta.json</c> "classes").</param>
public sealed record RawLabels(int[] Labels, IReadOnlyList<string> Classes)
{
    /// <summary>Checks that every label is in [0, <c>Classes.Count</c>).</summary>
    /// <exception cref="ArgumentException">A label is out of range (the message names its row).</exception>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Labels);
        ArgumentNullException.ThrowIfNull(Classes);
        for (int r = 0; r < Labels.Length; r++)
        {
            if ((uint)Labels[r] >= (uint)Classes.Count)
                throw new ArgumentException($"Label at row {r} is {Labels[r]}, outside [0, {Classes.Count}) for {Classes.Count} classes.", nameof(Labels));
        }
    }
}

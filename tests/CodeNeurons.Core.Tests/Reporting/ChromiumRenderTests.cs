using System.Buffers.Binary;
using System.Diagnostics;
using System.Text.RegularExpressions;
using CodeNeurons.Reporting;

namespace CodeNeurons.Tests.Reporting;

/// <summary>
/// Opens a rendered report in headless Chromium: the DOM it parses has every SVG, and its screenshot is a real
/// 1280×2000 PNG with far more content than a blank page. Skipped (not passed) when <c>chromium</c> is not on PATH.
/// </summary>
[Category("Chromium")]
public sealed class ChromiumRenderTests : TempDirectoryTest
{
    private const int Width = 1280, Height = 2000;

    /// <summary>Where a screenshot of the sample report (and the report beside it, as .html) is copied, for people to look at.</summary>
    private static readonly string? ScreenshotCopy = Environment.GetEnvironmentVariable("CODENEURONS_REPORT_SCREENSHOT");

    private static string? FindChromium()
    {
        foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (string name in new[] { "chromium", "chromium-browser" })
            {
                string candidate = Path.Combine(dir, name);
                if (File.Exists(candidate)) return candidate;
            }
        }
        return null;
    }

    private string RunChromium(string chromium, params string[] args)
    {
        var psi = new ProcessStartInfo(chromium)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string a in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                     "--hide-scrollbars", "--user-data-dir=" + Path.Combine(TempDir, "profile") })
            psi.ArgumentList.Add(a);
        foreach (string a in args) psi.ArgumentList.Add(a);
        psi.Environment["HOME"] = TempDir;
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        // A safety net against a hung browser, not a timing assertion.
        if (!p.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            p.Kill(entireProcessTree: true);
            Assert.Fail($"chromium {string.Join(' ', args)} did not finish; stderr: {stderr.Result}");
        }
        p.WaitForExit();
        Assert.That(p.ExitCode, Is.Zero, $"chromium {string.Join(' ', args)} failed: {stderr.Result}");
        return stdout.Result;
    }

    private string Screenshot(string chromium, string html, string name)
    {
        string page = Path.Combine(TempDir, name + ".html");
        File.WriteAllText(page, html);
        string png = Path.Combine(TempDir, name + ".png");
        RunChromium(chromium, "--screenshot=" + png, $"--window-size={Width},{Height}", new Uri(page).AbsoluteUri);
        Assert.That(File.Exists(png), Is.True, $"chromium wrote no screenshot {png}");
        return png;
    }

    private static void AssertPng(byte[] png)
    {
        byte[] signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
        Assert.That(png.Length, Is.GreaterThan(33), "PNG too short for a header");
        Assert.That(png.AsSpan(0, 8).ToArray(), Is.EqualTo(signature), "PNG signature");
        Assert.That(System.Text.Encoding.ASCII.GetString(png, 12, 4), Is.EqualTo("IHDR"), "first chunk is IHDR");
        Assert.That(BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(16)), Is.EqualTo((uint)Width), "width");
        Assert.That(BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(20)), Is.EqualTo((uint)Height), "height");
    }

    [Test]
    public void ReportParsesAndRendersInHeadlessChromium()
    {
        string? chromium = FindChromium();
        Assume.That(chromium, Is.Not.Null, "chromium is not on PATH (build/install-prereqs.sh installs it on Debian)");

        string html = HtmlReport.Render(ReportSamples.Full());
        string page = Path.Combine(TempDir, "report.html");
        File.WriteAllText(page, html);
        string dom = RunChromium(chromium!, "--dump-dom", new Uri(page).AbsoluteUri);
        Assert.That(Regex.Matches(dom, "<svg[\\s>]").Count, Is.EqualTo(ReportSamples.FullSvgCount), "svg elements in the parsed DOM");
        Assert.That(dom, Does.Not.Contain("<script"), "no script element was created from report text");
        Assert.That(Regex.Matches(dom, "<section ").Count, Is.EqualTo(11), "result, sets, curves, distributions, similarity, concepts, maps, glossary, settings, timings, notes");

        byte[] report = File.ReadAllBytes(Screenshot(chromium!, html, "report"));
        byte[] blank = File.ReadAllBytes(Screenshot(chromium!, "<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body></body></html>", "blank"));
        AssertPng(report);
        AssertPng(blank);
        Assert.That(report, Is.Not.EqualTo(blank));
        Assert.That(report.Length, Is.GreaterThan(10 * blank.Length), $"report screenshot {report.Length} bytes vs blank page {blank.Length} bytes");
        if (!string.IsNullOrEmpty(ScreenshotCopy))
        {
            File.WriteAllBytes(ScreenshotCopy, report);
            File.WriteAllText(Path.ChangeExtension(ScreenshotCopy, ".html"), html);
        }
    }
}

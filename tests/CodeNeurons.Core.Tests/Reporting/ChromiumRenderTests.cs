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

    /// <summary>
    /// Measures the laid-out page: every SVG text's box against its SVG's box (clipped) and against the other texts of the
    /// same SVG (overlapping), every element outside a horizontal scroll box against the viewport (cut off), and the
    /// page's own horizontal overflow. Appended to a copy of the report; the report itself has no script.
    /// </summary>
    private const string LayoutProbe = """
<script>
(function () {
  var out = { innerWidth: window.innerWidth, pageOverflow: document.documentElement.scrollWidth - window.innerWidth, clipped: [], overlapping: [], offscreen: [] };
  function name(t) { return (t.textContent || '').slice(0, 60); }
  var svgs = document.querySelectorAll('svg');
  for (var i = 0; i < svgs.length; i++) {
    var svg = svgs[i], box = svg.getBoundingClientRect(), label = svg.getAttribute('aria-label') || svg.getAttribute('class');
    var texts = svg.querySelectorAll('text'), rects = [];
    for (var j = 0; j < texts.length; j++) {
      var r = texts[j].getBoundingClientRect();
      if (r.width === 0 || !(texts[j].textContent || '').trim()) continue;
      if (r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1 || r.bottom > box.bottom + 1)
        out.clipped.push(label + ': ' + name(texts[j]));
      rects.push([r, texts[j]]);
    }
    if ((svg.getAttribute('class') || '').indexOf('activation-map') >= 0) continue;
    for (var a = 0; a < rects.length; a++)
      for (var b = a + 1; b < rects.length; b++) {
        var p = rects[a][0], q = rects[b][0];
        var w = Math.min(p.right, q.right) - Math.max(p.left, q.left), h = Math.min(p.bottom, q.bottom) - Math.max(p.top, q.top);
        if (w > 1 && h > 1 && w * h > 0.15 * Math.min(p.width * p.height, q.width * q.height))
          out.overlapping.push(label + ': "' + name(rects[a][1]) + '" / "' + name(rects[b][1]) + '"');
      }
  }
  var all = document.body.querySelectorAll('*');
  for (var k = 0; k < all.length; k++) {
    var e = all[k];
    if (e.closest('.scroll') || e.closest('svg') || e.tagName === 'SCRIPT' || e.id === 'layout-result') continue;
    var rr = e.getBoundingClientRect();
    if (rr.width > 0 && rr.right > window.innerWidth + 1) out.offscreen.push(e.tagName + '.' + e.className + ' right=' + Math.round(rr.right));
  }
  if (window.parent !== window) window.parent.postMessage(JSON.stringify(out), '*');
})();
</script>
""";

    private static string FramePage(string report, int width, int height = 1600) => $$"""
<!DOCTYPE html><html><head><meta charset="utf-8"><style>body { margin: 0; } iframe { border: 0; width: {{width}}px; height: {{height}}px; }</style></head>
<body><iframe src="{{report}}"></iframe><pre id="layout-result"></pre>
<script>window.addEventListener('message', function (e) { document.getElementById('layout-result').textContent = e.data; });</script></body></html>
""";

    [TestCase(1400, TestName = "LayoutAtDesktopWidthHasNothingClippedOrOverlapping")]
    [TestCase(390, TestName = "LayoutAtPhoneWidthHasNothingClippedOrOverlapping")]
    public void LayoutHasNothingClippedOrOverlapping(int width)
    {
        string? chromium = FindChromium();
        Assume.That(chromium, Is.Not.Null, "chromium is not on PATH (build/install-prereqs.sh installs it on Debian)");
        foreach (var (name, doc) in new[] { ("ccfs", ReportSamplesCcfs.Document), ("full", ReportSamples.Full()) })
        {
            string html = HtmlReport.Render(doc);
            // Chromium's window is at least 500 px wide, so the report is laid out in an iframe of the wanted width; the
            // probe inside posts its measurements to the outer page, whose DOM is dumped.
            string page = Path.Combine(TempDir, $"{name}-{width}.html");
            File.WriteAllText(page, html.Replace("</body>", LayoutProbe + "</body>", StringComparison.Ordinal));
            string frame = Path.Combine(TempDir, $"{name}-{width}-frame.html");
            File.WriteAllText(frame, FramePage(Path.GetFileName(page), width));
            string dom = RunChromium(chromium!, $"--window-size={Math.Max(width, 500) + 40},1700", "--virtual-time-budget=5000", "--dump-dom", new Uri(frame).AbsoluteUri);
            var json = Regex.Match(dom, "<pre id=\"layout-result\">(.*?)</pre>", RegexOptions.Singleline);
            Assert.That(json.Success, Is.True, "the layout probe ran");
            using var result = System.Text.Json.JsonDocument.Parse(System.Net.WebUtility.HtmlDecode(json.Groups[1].Value));
            var root = result.RootElement;
            string[] List(string key) => root.GetProperty(key).EnumerateArray().Select(e => e.GetString()!).ToArray();
            Assert.Multiple(() =>
            {
                Assert.That(root.GetProperty("innerWidth").GetInt32(), Is.EqualTo(width).Within(20), $"{name}: viewport width");
                Assert.That(root.GetProperty("pageOverflow").GetInt32(), Is.LessThanOrEqualTo(0), $"{name}: the page scrolls sideways");
                Assert.That(List("clipped"), Is.Empty, $"{name} at {width}px: text outside its picture");
                Assert.That(List("overlapping"), Is.Empty, $"{name} at {width}px: texts drawn over each other");
                Assert.That(List("offscreen"), Is.Empty, $"{name} at {width}px: elements cut off at the right edge");
            });
            if (!string.IsNullOrEmpty(ScreenshotCopy))
            {
                string png = Path.Combine(TempDir, $"{name}-{width}.png");
                File.WriteAllText(page, html);
                File.WriteAllText(frame, FramePage(Path.GetFileName(page), width, 6000));
                RunChromium(chromium!, "--screenshot=" + png, $"--window-size={Math.Max(width, 500) + 40},6000", new Uri(frame).AbsoluteUri);
                string folder = Path.GetDirectoryName(Path.GetFullPath(ScreenshotCopy))!;
                File.Copy(png, Path.Combine(folder, $"report-{name}-{width}.png"), overwrite: true);
                File.Copy(page, Path.Combine(folder, $"report-{name}.html"), overwrite: true);
            }
        }
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

using CodeNeurons.Cli;
using Spectre.Console.Testing;

namespace CodeNeurons.Tests.Cli;

public class StepDisplayTests
{
    [Test]
    public void SpectreBars_ShowEachStepsResult_AndReturnTheBodysValue()
    {
        var console = new TestConsole().Interactive();
        console.Profile.Width = 120;
        int result = SpectreStepDisplay.Run(console, 2, d =>
        {
            d.Begin(1, "extracting", 10);
            d.Advance(5, "lines");
            d.End("[1/2] extracted 10 lines");
            d.Begin(2, "pipeline [with brackets]");
            d.Advance(3, "probe 3");
            d.End("[2/2] pipeline done");
            return 42;
        });
        Assert.That(result, Is.EqualTo(42));
        Assert.That(console.Output, Does.Contain("[1/2] extracted 10 lines").And.Contain("[2/2] pipeline done"));
    }

    [Test]
    public void PlainLines_EndEachStepOnItsOwnLine()
    {
        var writer = new StringWriter();
        var d = new PlainStepDisplay(writer, 2);
        d.Begin(1, "extracting", 10);
        d.Advance(4, "lines");
        d.End("[1/2] extracted 10 lines");
        var text = writer.ToString();
        Assert.That(text, Does.Contain("\r[1/2] extracting 4/10 lines"));
        Assert.That(text.TrimEnd(), Does.EndWith("[1/2] extracted 10 lines"));
        Assert.That(text, Does.EndWith(Environment.NewLine));
    }

    [Test]
    public void ExceptionsInTheBody_Propagate()
    {
        var console = new TestConsole();
        Assert.Throws<InvalidOperationException>(() => SpectreStepDisplay.Run<int>(console, 1, _ => throw new InvalidOperationException("boom")));
    }
}

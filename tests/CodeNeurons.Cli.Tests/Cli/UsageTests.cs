using System.CommandLine;
using CodeNeurons.Cli;

namespace CodeNeurons.Tests.Cli;

public class UsageTests
{
    [Test]
    public void HelpNamesTheToolsCommandNotTheAssembly()
    {
        var output = new StringWriter();
        int code = Program.BuildRoot().Parse(["--help"]).Invoke(new InvocationConfiguration { Output = output, Error = output });
        Assert.That(code, Is.Zero);
        Assert.That(output.ToString(), Does.Contain("codeneurons [command] [options]").And.Not.Contain("CodeNeurons.Cli"));
    }

    [Test]
    public void VerbHelpStartsItsUsageWithTheToolsCommand()
    {
        var output = new StringWriter();
        Program.BuildRoot().Parse(["analyze", "--help"]).Invoke(new InvocationConfiguration { Output = output, Error = output });
        Assert.That(output.ToString(), Does.Contain("codeneurons analyze [options]"));
    }

    [Test]
    public void VersionIsStillAnOption()
    {
        var output = new StringWriter();
        int code = Program.BuildRoot().Parse(["--version"]).Invoke(new InvocationConfiguration { Output = output, Error = output });
        Assert.That(code, Is.Zero);
        Assert.That(output.ToString().Trim(), Does.Match(@"^\d+\.\d+\.\d+"));
    }
}

using System.Reflection;
using System.Text.RegularExpressions;

namespace CodeNeurons.Tests;

/// <summary>One test-naming style in every test project: PascalCase sentences without underscores (e.g. <c>SameSeedGivesTheSameReport</c>).</summary>
[TestFixture]
public sealed class TestNamingTests
{
    [Test]
    public void EveryTestIsNamedInPascalCaseWithoutUnderscores()
    {
        var tests = typeof(TestNamingTests).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Where(m => m.GetCustomAttributes().Any(a => a is TestAttribute or TestCaseAttribute or TestCaseSourceAttribute))
            .ToList();
        Assert.That(tests, Is.Not.Empty);
        var wrong = tests.Where(m => !Regex.IsMatch(m.Name, "^[A-Z][A-Za-z0-9]*$")).Select(m => $"{m.DeclaringType!.Name}.{m.Name}").ToList();
        Assert.That(wrong, Is.Empty);
    }
}

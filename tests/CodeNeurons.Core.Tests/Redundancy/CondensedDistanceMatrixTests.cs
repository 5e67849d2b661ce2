using CodeNeurons.Redundancy;

namespace CodeNeurons.Tests.Redundancy;

/// <summary>SciPy's condensed layout, checked against the square matrix it comes from, and its validation messages.</summary>
[TestFixture]
public class CondensedDistanceMatrixTests
{
    /// <summary>A symmetric N×N matrix with zero diagonal and distinct entries d(i, j) = 10·min + max + 1 (readable in failures).</summary>
    private static double[,] Square(int n)
    {
        var s = new double[n, n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                s[i, j] = i == j ? 0 : 10 * Math.Min(i, j) + Math.Max(i, j) + 1;
        return s;
    }

    [Test]
    public void IndexerPairOfAndIndexOfAgreeWithTheSquareMatrix([Values(1, 2, 3, 4, 7)] int n)
    {
        var square = Square(n);
        var d = CondensedDistanceMatrix.FromSquare(square);
        Assert.That(d.Count, Is.EqualTo(n));
        Assert.That(d.Values, Has.Length.EqualTo(n * (n - 1) / 2));
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                Assert.That(d[i, j], Is.EqualTo(square[i, j]), $"d[{i}, {j}]");
        // every condensed index names its pair, in SciPy's row-by-row order
        long k = 0;
        for (int i = 0; i < n; i++)
            for (int j = i + 1; j < n; j++, k++)
            {
                Assert.That(CondensedDistanceMatrix.PairOf(n, k), Is.EqualTo((i, j)), $"PairOf({n}, {k})");
                Assert.That(CondensedDistanceMatrix.IndexOf(n, i, j), Is.EqualTo(k));
                Assert.That(CondensedDistanceMatrix.IndexOf(n, j, i), Is.EqualTo(k), "either order");
            }
    }

    [Test]
    public void SelectIsTheBlockOfTheChosenItems()
    {
        var square = Square(7);
        var d = CondensedDistanceMatrix.FromSquare(square);
        foreach (int[] items in new[] { new[] { 0, 1, 2, 3, 4, 5, 6 }, new[] { 1, 3, 4, 6 }, new[] { 0, 6 }, new[] { 5 }, new[] { 2, 3, 5 } })
        {
            var block = d.Select(items);
            Assert.That(block.Count, Is.EqualTo(items.Length));
            var expected = new double[items.Length, items.Length];
            for (int a = 0; a < items.Length; a++)
                for (int b = 0; b < items.Length; b++)
                    expected[a, b] = square[items[a], items[b]];
            Assert.That(block.Values, Is.EqualTo(CondensedDistanceMatrix.FromSquare(expected).Values), string.Join(",", items));
        }
    }

    [Test]
    public void SelectRejectsBadItemsNamingThem()
    {
        var d = CondensedDistanceMatrix.FromSquare(Square(4));
        Assert.Multiple(() =>
        {
            Assert.That(() => d.Select(null!), Throws.ArgumentNullException);
            Assert.That(() => d.Select([]), Throws.ArgumentException.With.Message.StartsWith("Select at least one item."));
            Assert.That(() => d.Select([0, 4]), Throws.ArgumentException.With.Message.StartsWith("Item 4 (index 1) is outside [0, 4)."));
            Assert.That(() => d.Select([-1]), Throws.ArgumentException.With.Message.StartsWith("Item -1 (index 0) is outside [0, 4)."));
            Assert.That(() => d.Select([0, 2, 2]), Throws.ArgumentException.With.Message.StartsWith("Items must ascend strictly: 2 (index 2) follows 2."));
            Assert.That(() => d.Select([1, 3, 0]), Throws.ArgumentException.With.Message.StartsWith("Items must ascend strictly: 0 (index 2) follows 3."));
        });
        Assert.That(d.Select([0, 3]).Values, Is.EqualTo(new[] { d[0, 3] }), "the largest index is inside");
    }

    [Test]
    public void IndexerRejectsItemsOutsideTheMatrix()
    {
        var d = CondensedDistanceMatrix.FromSquare(Square(3));
        Assert.Multiple(() =>
        {
            Assert.That(() => d[3, 0], Throws.TypeOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("i"));
            Assert.That(() => d[-1, 0], Throws.TypeOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("i"));
            Assert.That(() => d[0, 3], Throws.TypeOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("j"));
            Assert.That(() => d[0, -1], Throws.TypeOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("j"));
        });
    }

    [Test]
    public void ConstructorRejectsBadInputNamingTheProblem()
    {
        Assert.Multiple(() =>
        {
            Assert.That(() => new CondensedDistanceMatrix(0, []), Throws.TypeOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("count"));
            Assert.That(() => new CondensedDistanceMatrix(3, null!), Throws.ArgumentNullException.With.Property("ParamName").EqualTo("values"));
            Assert.That(() => new CondensedDistanceMatrix(3, [1, 2]),
                Throws.ArgumentException.With.Message.StartsWith("A condensed matrix of 3 items has 3 entries, but values has 2."));
            Assert.That(() => CondensedDistanceMatrix.FromSquare(null!), Throws.ArgumentNullException.With.Property("ParamName").EqualTo("square"));
            Assert.That(() => CondensedDistanceMatrix.FromSquare(new double[2, 3]),
                Throws.ArgumentException.With.Message.StartsWith("square is 2×3; it must be square."));
        });
    }

    [TestCase(-1.0)]
    [TestCase(double.NaN)]
    [TestCase(double.PositiveInfinity)]
    public void BadDistanceIsRejectedNamingItsPair(double bad)
    {
        // 4 items: condensed index 4 is d(1, 3); the last entry, d(2, 3), is checked too.
        var values = new double[] { 1, 2, 3, 4, bad, 6 };
        Assert.That(() => new CondensedDistanceMatrix(4, values),
            Throws.ArgumentException.With.Message.StartsWith($"Distance d(1, 3) = {bad}; distances must be finite and non-negative."));
        var last = new double[] { 1, 2, 3, 4, 5, bad };
        Assert.That(() => new CondensedDistanceMatrix(4, last), Throws.ArgumentException.With.Message.StartsWith("Distance d(2, 3)"));
        Assert.That(new CondensedDistanceMatrix(4, [0, 0, 0, 0, 0, double.MaxValue])[2, 3], Is.EqualTo(double.MaxValue), "0 and the largest finite value are valid");
    }
}

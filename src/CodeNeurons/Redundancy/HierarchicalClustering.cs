namespace CodeNeurons.Redundancy;

/// <summary>
/// Agglomerative clustering with SciPy's semantics (<c>scipy.cluster.hierarchy.linkage</c>): the same merges,
/// the same order of merges and the same tie-breaking, so that <see cref="Dendrogram.Cut(double)"/> gives the
/// partitions of <c>fcluster(Z, t, criterion="distance")</c>.
/// </summary>
/// <remarks>
/// Average and complete linkage use the nearest-neighbour-chain algorithm (SciPy's <c>nn_chain</c>): O(N²) time
/// and one working copy of the condensed matrix. Single linkage uses Prim's minimum-spanning-tree algorithm
/// (SciPy's <c>mst_single_linkage</c>): O(N²) time, reads the matrix without modifying or copying it.
/// In both cases the merges are then stably sorted by distance and relabelled with a union–find, as SciPy does.
/// </remarks>
public static class HierarchicalClustering
{
    /// <summary>Builds the complete hierarchy over the items of <paramref name="distances"/>.</summary>
    /// <param name="distances">Condensed distances (not modified).</param>
    /// <param name="method">Linkage method.</param>
    /// <param name="cancellationToken">Cancels the computation.</param>
    /// <returns>The dendrogram (N − 1 merges).</returns>
    /// <remarks>Average and complete linkage allocate one copy of the condensed matrix (8·N·(N−1)/2 bytes);
    /// use <see cref="BuildInPlace"/> to avoid it.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="distances"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="method"/> is not a defined <see cref="LinkageMethod"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static Dendrogram Build(CondensedDistanceMatrix distances, LinkageMethod method, CancellationToken cancellationToken = default)
        => Build(distances, method, copyDistances: true, cancellationToken);

    /// <summary>
    /// Builds the complete hierarchy like <see cref="Build(CondensedDistanceMatrix, LinkageMethod, CancellationToken)"/>
    /// but, for average and complete linkage, uses <paramref name="distances"/> itself as the working matrix, so no
    /// copy is made. Afterwards the values of <paramref name="distances"/> are unspecified (consumed) and must not be
    /// used again. Single linkage never modifies the matrix.
    /// </summary>
    /// <param name="distances">Condensed distances (overwritten for average and complete linkage).</param>
    /// <param name="method">Linkage method.</param>
    /// <param name="cancellationToken">Cancels the computation (the matrix may then be partly overwritten).</param>
    /// <returns>The dendrogram (N − 1 merges), identical to the one <c>Build</c> returns.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="distances"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="method"/> is not a defined <see cref="LinkageMethod"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static Dendrogram BuildInPlace(CondensedDistanceMatrix distances, LinkageMethod method, CancellationToken cancellationToken = default)
        => Build(distances, method, copyDistances: false, cancellationToken);

    private static Dendrogram Build(CondensedDistanceMatrix distances, LinkageMethod method, bool copyDistances, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(distances);
        if (method is not (LinkageMethod.Average or LinkageMethod.Complete or LinkageMethod.Single))
            throw new ArgumentOutOfRangeException(nameof(method), method, "Expected LinkageMethod.Average, Complete or Single.");
        cancellationToken.ThrowIfCancellationRequested();

        int n = distances.Count;
        if (n == 1) return new Dendrogram(1, Array.Empty<MergeStep>(), method);

        // Raw merges: (a, b) are item indices that lie in the two merged clusters; relabelled below.
        var a = new int[n - 1];
        var b = new int[n - 1];
        var height = new double[n - 1];
        if (method == LinkageMethod.Single)
        {
            MinimumSpanningTree(distances.Values, n, a, b, height, cancellationToken);
        }
        else
        {
            double[] work = copyDistances ? (double[])distances.Values.Clone() : distances.Values;
            NearestNeighborChain(work, n, method == LinkageMethod.Average, a, b, height, cancellationToken);
        }
        return new Dendrogram(n, SortAndLabel(n, a, b, height), method);
    }

    /// <summary>
    /// SciPy's <c>nn_chain</c>: grows a chain of nearest neighbours (preferring the previous chain element on ties,
    /// otherwise the lowest index) until two clusters are mutual nearest neighbours, merges them into the slot of
    /// the larger index and updates distances with the Lance–Williams formula.
    /// </summary>
    private static unsafe void NearestNeighborChain(double[] work, int n, bool average, int[] outA, int[] outB, double[] outHeight, CancellationToken ct)
    {
        var size = new int[n];
        Array.Fill(size, 1);
        // Active clusters in ascending order as a doubly linked list (so scans skip merged slots, in index order).
        var next = new int[n + 1];
        var prev = new int[n + 1];
        // Node n is the sentinel head/tail.
        for (int i = 0; i < n; i++) { next[i] = i + 1; prev[i] = i - 1; }
        prev[0] = n;
        next[n] = 0;
        prev[n] = n - 1;
        // rowStart[i] = condensed index of (i, i+1) minus (i+1), so d(i, j) for i < j is at rowStart[i] + j.
        var rowStart = new long[n];
        for (int i = 0; i < n; i++) rowStart[i] = (long)n * i - (long)i * (i + 1) / 2 - i - 1;

        var chain = new int[n];
        int chainLength = 0;

        fixed (double* d = work)
        fixed (long* rs = rowStart)
        fixed (int* nx = next)
        {
            for (int k = 0; k < n - 1; k++)
            {
                ct.ThrowIfCancellationRequested();
                if (chainLength == 0)
                {
                    chain[0] = next[n]; // lowest active index
                    chainLength = 1;
                }

                int x, y;
                double currentMin;
                while (true)
                {
                    x = chain[chainLength - 1];
                    // Minimum over active i ≠ x, first (lowest) index on ties.
                    double best = double.PositiveInfinity;
                    int bestIndex = -1;
                    int i = nx[n];
                    for (; i < x; i = nx[i])
                    {
                        double v = d[rs[i] + x];
                        if (v < best) { best = v; bestIndex = i; }
                    }
                    // i == x here; continue with the contiguous row of x.
                    double* row = d + rs[x];
                    for (i = nx[x]; i < n; i = nx[i])
                    {
                        double v = row[i];
                        if (v < best) { best = v; bestIndex = i; }
                    }

                    if (chainLength > 1)
                    {
                        int previous = chain[chainLength - 2];
                        double toPrevious = x < previous ? row[previous] : d[rs[previous] + x];
                        // SciPy starts from the previous element and only replaces it by a strictly smaller distance.
                        if (!(best < toPrevious))
                        {
                            y = previous;
                            currentMin = toPrevious;
                            break;
                        }
                    }
                    chain[chainLength++] = bestIndex;
                }

                chainLength -= 2;
                if (x > y) (x, y) = (y, x);
                int sx = size[x], sy = size[y];
                outA[k] = x;
                outB[k] = y;
                outHeight[k] = currentMin;

                // Drop slot x; slot y holds the new cluster.
                size[x] = 0;
                size[y] = sx + sy;
                next[prev[x]] = next[x];
                prev[next[x]] = prev[x];

                double fx = sx, fy = sy, fxy = sx + sy;
                double* rowX = d + rs[x];
                double* rowY = d + rs[y];
                for (int i = nx[n]; i < n; i = nx[i])
                {
                    if (i == y) continue;
                    double* pix = i < x ? d + rs[i] + x : rowX + i;
                    double* piy = i < y ? d + rs[i] + y : rowY + i;
                    double dix = *pix, diy = *piy;
                    *piy = average
                        ? (fx * dix + fy * diy) / fxy
                        : diy > dix ? diy : dix; // SciPy: max(d_xi, d_yi)
                }
            }
        }
    }

    /// <summary>
    /// SciPy's <c>mst_single_linkage</c>: Prim's algorithm from item 0; each step records (last added item,
    /// nearest outside item, its distance to the tree), the nearest being the lowest index on ties.
    /// </summary>
    private static unsafe void MinimumSpanningTree(double[] values, int n, int[] outA, int[] outB, double[] outHeight, CancellationToken ct)
    {
        var toTree = new double[n];
        Array.Fill(toTree, double.PositiveInfinity);
        var rowStart = new long[n];
        for (int i = 0; i < n; i++) rowStart[i] = (long)n * i - (long)i * (i + 1) / 2 - i - 1;
        // Items not yet in the tree, ascending, as a singly linked list threaded through 'next' (head at n).
        var next = new int[n + 1];
        for (int i = 0; i <= n; i++) next[i] = i + 1;
        next[n] = 0;

        fixed (double* d = values)
        {
            int x = 0;
            for (int k = 0; k < n - 1; k++)
            {
                ct.ThrowIfCancellationRequested();
                // Unlink x from the outside list.
                int p = n;
                while (next[p] != x) p = next[p];
                next[p] = next[x];

                double currentMin = double.PositiveInfinity;
                int y = -1;
                double* rowX = d + rowStart[x];
                for (int i = next[n]; i < n; i = next[i])
                {
                    double dist = i < x ? d[rowStart[i] + x] : rowX[i];
                    if (toTree[i] > dist) toTree[i] = dist;
                    if (toTree[i] < currentMin) { currentMin = toTree[i]; y = i; }
                }
                outA[k] = x;
                outB[k] = y;
                outHeight[k] = currentMin;
                x = y;
            }
        }
    }

    /// <summary>
    /// Stable sort of the raw merges by distance (NumPy's mergesort), then SciPy's <c>label</c>: each raw pair of
    /// items is replaced by the current ids of their clusters (smaller first) and the new cluster's size.
    /// </summary>
    private static MergeStep[] SortAndLabel(int n, int[] a, int[] b, double[] height)
    {
        int m = n - 1;
        var order = new int[m];
        for (int k = 0; k < m; k++) order[k] = k;
        // Array.Sort is not stable; break ties by the original position to make it so.
        Array.Sort(order, (p, q) =>
        {
            int c = height[p].CompareTo(height[q]);
            return c != 0 ? c : p.CompareTo(q);
        });

        var parent = new int[2 * n - 1];
        var clusterSize = new int[2 * n - 1];
        for (int i = 0; i < parent.Length; i++) { parent[i] = i; clusterSize[i] = 1; }
        var merges = new MergeStep[m];
        for (int k = 0; k < m; k++)
        {
            int r = order[k];
            int ra = Find(parent, a[r]);
            int rb = Find(parent, b[r]);
            int label = n + k;
            parent[ra] = label;
            parent[rb] = label;
            int s = clusterSize[ra] + clusterSize[rb];
            clusterSize[label] = s;
            merges[k] = ra < rb ? new MergeStep(ra, rb, height[r], s) : new MergeStep(rb, ra, height[r], s);
        }
        return merges;
    }

    private static int Find(int[] parent, int x)
    {
        int root = x;
        while (parent[root] != root) root = parent[root];
        while (parent[x] != root)
        {
            int up = parent[x];
            parent[x] = root;
            x = up;
        }
        return root;
    }
}

namespace CodeNeurons.Redundancy;

public sealed partial class Dendrogram
{
    private double[]? _maxDistances;

    /// <summary>
    /// Flat clusters such that items in one cluster have cophenetic distance ≤ <paramref name="threshold"/>:
    /// SciPy's <c>fcluster(Z, threshold, criterion="distance")</c>, including its numbering of clusters.
    /// </summary>
    /// <param name="threshold">Distance threshold t (finite, ≥ 0).</param>
    /// <returns>Cluster id in 1..K for each item.</returns>
    /// <remarks>
    /// A subtree becomes one cluster when the largest merge distance inside it is ≤ t. Ids are given as SciPy
    /// does: a depth-first walk from the root (left child before right) numbers clusters in the order it reaches
    /// them, where a leaf is reached only after the internal sibling subtrees of its parent. O(N) per call.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="threshold"/> is negative, NaN or infinite.</exception>
    public int[] Cut(double threshold)
    {
        ValidateThreshold(threshold, nameof(threshold));
        var labels = new int[Count];
        CutInto(threshold, labels, new int[Count], new bool[Math.Max(Count - 1, 1)]);
        return labels;
    }

    /// <summary>Flat clusters at each of several thresholds: <c>Cut(thresholds[i])</c> for each i.</summary>
    /// <param name="thresholds">Distance thresholds (each finite, ≥ 0).</param>
    /// <returns>One array of cluster ids (1..K) per threshold, in the order given.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="thresholds"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A threshold is negative, NaN or infinite (the message gives its position).</exception>
    public int[][] Cut(IReadOnlyList<double> thresholds)
    {
        ArgumentNullException.ThrowIfNull(thresholds);
        for (int i = 0; i < thresholds.Count; i++)
            ValidateThreshold(thresholds[i], nameof(thresholds), i);
        var result = new int[thresholds.Count][];
        var stack = new int[Count];
        var visited = new bool[Math.Max(Count - 1, 1)];
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = new int[Count];
            if (i > 0) Array.Clear(visited);
            CutInto(thresholds[i], result[i], stack, visited);
        }
        return result;
    }

    /// <summary>Number of flat clusters <see cref="Cut(double)"/> gives at <paramref name="threshold"/>.</summary>
    /// <param name="threshold">Distance threshold t (finite, ≥ 0).</param>
    /// <returns>K, between 1 and N.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="threshold"/> is negative, NaN or infinite.</exception>
    public int ClusterCount(double threshold)
    {
        ValidateThreshold(threshold, nameof(threshold));
        // A node is the top of a cluster when its subtree's largest merge distance is ≤ t and its parent's is not;
        // items not under any such node are singletons. Count = N − (number of merges whose subtree max is ≤ t).
        double[] md = MaxDistances();
        int k = Count;
        for (int i = 0; i < md.Length; i++)
            if (md[i] <= threshold) k--;
        return k;
    }

    private static void ValidateThreshold(double t, string name, int index = -1)
    {
        if (!(t >= 0) || double.IsPositiveInfinity(t))
        {
            string where = index >= 0 ? $"{name}[{index}]" : name;
            throw new ArgumentOutOfRangeException(name, t, $"{where} = {t}; a distance threshold must be finite and ≥ 0.");
        }
    }

    /// <summary>For each merge k, the largest merge distance in its subtree (SciPy's <c>get_max_dist_for_each_cluster</c>).</summary>
    private double[] MaxDistances()
    {
        var md = _maxDistances;
        if (md is not null) return md;
        int n = Count;
        md = new double[_merges.Length];
        for (int k = 0; k < md.Length; k++)
        {
            var m = _merges[k];
            double v = m.Distance;
            // Children have smaller ids than their parent, so their values are already known.
            if (m.Left >= n && md[m.Left - n] > v) v = md[m.Left - n];
            if (m.Right >= n && md[m.Right - n] > v) v = md[m.Right - n];
            md[k] = v;
        }
        _maxDistances = md;
        return md;
    }

    /// <summary>SciPy's <c>cluster_monocrit</c> with the max-distance criterion, iteratively.</summary>
    private void CutInto(double cutoff, int[] labels, int[] stack, bool[] visited)
    {
        int n = Count;
        if (n == 1)
        {
            labels[0] = 1;
            return;
        }
        double[] md = MaxDistances();
        int depth = 0;
        int clusters = 0;
        int leader = -1;
        stack[0] = 2 * n - 2;
        while (depth >= 0)
        {
            int root = stack[depth] - n;
            var m = _merges[root];
            int left = m.Left, right = m.Right;

            if (leader == -1 && md[root] <= cutoff)
            {
                leader = root;
                clusters++;
            }
            if (left >= n && !visited[left - n])
            {
                visited[left - n] = true;
                stack[++depth] = left;
                continue;
            }
            if (right >= n && !visited[right - n])
            {
                visited[right - n] = true;
                stack[++depth] = right;
                continue;
            }
            if (left < n)
            {
                if (leader == -1) clusters++;
                labels[left] = clusters;
            }
            if (right < n)
            {
                if (leader == -1) clusters++;
                labels[right] = clusters;
            }
            if (leader == root) leader = -1;
            depth--;
        }
    }
}

using System.Text.RegularExpressions;

namespace CodeNeurons.Reporting;

/// <summary>
/// The terms and abbreviations reports use, with definitions. <see cref="HtmlReport"/> lists, in its glossary section,
/// every entry of <see cref="Default"/> and of <see cref="ReportDocument.Glossary"/> whose term occurs in the page.
/// </summary>
public static partial class ReportGlossary
{
    /// <summary>The built-in entries (methods of Sharma et al., arXiv 2305.00875, and Dalvi et al., EMNLP 2020).</summary>
    public static IReadOnlyList<GlossaryEntry> Default { get; } =
    [
        new("AUROC", "Area under the ROC curve of one neuron's activation for the concept's tokens against all other tokens: the chance that a random concept token activates the neuron more than a random other token (ties count one half). 0.5 is chance, 1 a perfect detector, 0 a perfect detector that fires less on the concept."),
        new("separation", "max(AUROC, 1 − AUROC): how well one neuron alone tells the concept from the rest, in either direction (0.5 = chance, 1 = perfectly). Concept neurons are ranked by it."),
        new("random neurons", "The separation of seeded random neurons of the same layers on the same tokens: what a neuron with no relation to the concept reaches by chance. A neuron above the random 95th percentile beats 95 % of random neurons."),
        new("precision", "Of the tokens on which the neuron passes its best threshold (the one with the highest F1), the fraction that are the concept."),
        new("recall", "Of the concept's tokens, the fraction on which the neuron passes its best threshold."),
        new("F1", "The harmonic mean of precision and recall; the best threshold of a neuron is the one with the highest F1."),
        new("CI", "95 % confidence interval. For an accuracy on n tokens it is the Wilson score interval: the accuracy a bigger sample would likely show. Two scores whose intervals overlap are not reliably different."),
        new("oracle", "A linear probe trained on all neurons: the accuracy to match. Every reduced set is compared with it."),
        new("probe", "A linear classifier (logistic regression with elastic-net regularisation) that predicts each token's concept from neuron activations; its accuracy says how much of the concept the neurons carry."),
        new("none", "The majority-class baseline: a classifier that sees no neuron and always predicts the most frequent training class."),
        new("LS", "LayerSelector: keep layers 0..ℓ for the smallest ℓ whose probe reaches the oracle's dev accuracy within δ_L (Dalvi et al. 2020)."),
        new("CC", "Correlation clustering: neurons whose activations correlate (distance 1 − |r| below the threshold t) form a cluster and only one representative per cluster is kept (general redundancy)."),
        new("LCA", "Linguistic Correlation Analysis: rank neurons by the weights of an elastic-net probe and keep the fewest top-ranked neurons whose probe stays within δ_N of the probe on all of them."),
        new("probeless", "The same minimal-set search as LCA, but neurons ranked without a probe, by how much their mean activation differs between classes (Antverg and Belinkov 2022)."),
        new("LS+CC+LCA", "The combined pipeline: LS, then CC on the kept layers, then LCA; (δ_L, δ_N) and t name its settings. The best combination is the one with the fewest neurons whose dev accuracy is within the selection margin (1 % by default) of the oracle's."),
        new("LS+LCA", "LS, then LCA on the kept layers, without clustering (t=none)."),
        new("ROC", "Receiver operating characteristic: a detector's true-positive rate against its false-positive rate over all thresholds; AUROC is the area under it."),
        new("δ_L", "The accuracy (in % of the oracle's) that LS may lose when it drops layers."),
        new("δ_N", "The accuracy (in % of the base probe's) that LCA or probeless may lose when they drop neurons."),
        new("t", "The correlation-clustering threshold: neurons closer than t in 1 − |correlation| are merged (t=none: no clustering)."),
        new("dev", "The development split: every choice (layers, neurons, the best combination) is made on it."),
        new("test", "The test split: scored only, never used for a choice."),
        new("train", "The training split: probes are fitted on it."),
        new("selectivity", "Task accuracy minus the accuracy of the same probe on a control task (random labels per word type, Hewitt and Liang 2019): high selectivity means the neurons encode the concept, not just memorise words."),
        new("control task", "The same tokens with each word type given a random class: a probe that does well on it memorises words rather than reading a concept."),
        new("weight", "The oracle probe's weight of a neuron for a class: how much the probe uses it together with all the other neurons (not evidence that the neuron alone detects the concept)."),
        new("score", "The ranking score of a neuron in a concept table without evidence columns: the oracle probe's weight for the class unless the table says otherwise."),
        new("reduction", "The fraction of neurons removed, 1 − kept / all."),
        new("layer:unit", "A neuron's name: its layer (0 = embeddings) and its index within the layer."),
        new("CKA", "Linear centered kernel alignment: the similarity (0 to 1) of two layers' representations of the same tokens; high CKA between layers means redundant layers."),
        new("HSIC", "Hilbert–Schmidt independence criterion, the statistic CKA normalises; the minibatch unbiased estimator averages it over random minibatches."),
        new("UTC", "Coordinated Universal Time."),
        new("RSS", "Resident set size: the part of the process's memory held in physical memory. A stage's peak RSS is Linux's VmHWM read at its end after resetting it at its start (writing 5 to /proc/self/clear_refs); where the reset is not possible it is the process's peak so far at the stage's end, and the column says so."),
        new("MB", "Megabyte: 1,000,000 bytes."),
    ];

    /// <summary>Descriptions of the concept labels of the paper's Java and Python tasks, for glossary entries of class names.</summary>
    public static IReadOnlyDictionary<string, string> ConceptDescriptions { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["IDENT"] = "Concept: identifiers (names of variables, methods, fields, classes).",
        ["NAME"] = "Concept: Python names (identifiers).",
        ["KEYWORD"] = "Concept: language keywords (if, for, return, …).",
        ["MODIFIER"] = "Concept: Java modifiers (public, static, final, …).",
        ["TYPE"] = "Concept: Java primitive types (int, boolean, …).",
        ["NUMBER"] = "Concept: numeric literals.",
        ["STRING"] = "Concept: string literals.",
        ["OPERATOR"] = "Concept: operators (+, ==, …).",
        ["SEPARATOR"] = "Concept: separators (brackets, commas, semicolons).",
        ["COMMENT"] = "Concept: comments.",
        ["LITERAL"] = "Concept: literals (numbers, strings, booleans).",
        ["BOOLEAN"] = "Concept: true and false.",
        ["NULL"] = "Concept: the null literal.",
    };

    /// <summary>The entries of <paramref name="entries"/> whose term occurs in <paramref name="text"/> (abbreviations case-sensitively, words case-insensitively), sorted by term.</summary>
    internal static IReadOnlyList<GlossaryEntry> Used(IEnumerable<GlossaryEntry> entries, string text) =>
        entries.Where(e => !string.IsNullOrWhiteSpace(e.Term) && Occurs(e.Term, text))
               .OrderBy(e => e.Term.TrimStart('δ'), StringComparer.OrdinalIgnoreCase).ToList();

    private static bool Occurs(string term, string text)
    {
        bool abbreviation = term.Any(char.IsUpper) || term.Length <= 2;
        string pattern = term.Length == 1
            ? $"(?<![\\w.]){Regex.Escape(term)}=" // "t=0.3"
            : $"(?<![\\w]){Regex.Escape(term)}(?![\\w])";
        return Regex.IsMatch(text, pattern, abbreviation ? RegexOptions.None : RegexOptions.IgnoreCase);
    }

    /// <summary>The text a reader sees: tags, scripts, styles and character references stripped.</summary>
    internal static string VisibleText(string html)
    {
        string s = StyleOrTitle().Replace(html, " ");
        s = Tag().Replace(s, " ");
        return System.Net.WebUtility.HtmlDecode(s);
    }

    [GeneratedRegex("<(style|script|title)[\\s>].*?</\\1>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex StyleOrTitle();

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Tag();
}

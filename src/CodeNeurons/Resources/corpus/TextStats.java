// Written for CodeNeurons; MIT licence.
package corpus;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

public class TextStats {
    private static final Set<String> STOP_WORDS = Set.of(
            "the", "a", "an", "and", "or", "of", "to", "in", "on", "is", "it", "for", "with");

    private final Map<String, Integer> counts = new TreeMap<>();
    private int lines;
    private int words;
    private int chars;
    private int sentences;

    void feed(String line) {
        lines++;
        chars += line.length();
        for (char c : line.toCharArray()) {
            if (c == '.' || c == '!' || c == '?') {
                sentences++;
            }
        }
        for (String raw : line.split("\\s+")) {
            String word = raw.toLowerCase().replaceAll("[^a-z0-9']", "");
            if (word.isEmpty()) {
                continue;
            }
            words++;
            if (STOP_WORDS.contains(word)) {
                continue;
            }
            counts.merge(word, 1, Integer::sum);
        }
    }

    double averageWordLength() {
        if (words == 0) {
            return 0.0;
        }
        int letters = 0;
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            letters += e.getKey().length() * e.getValue();
        }
        return (double) letters / words;
    }

    String readability() {
        double perSentence = sentences == 0 ? words : (double) words / sentences;
        if (perSentence < 8) {
            return "very easy";
        } else if (perSentence < 14) {
            return "easy";
        } else if (perSentence < 20) {
            return "standard";
        } else if (perSentence < 28) {
            return "difficult";
        }
        return "very difficult";
    }

    Map<String, Integer> top(int n) {
        Map<String, Integer> result = new LinkedHashMap<>();
        counts.entrySet().stream()
                .sorted((a, b) -> b.getValue() - a.getValue())
                .limit(n)
                .forEach(e -> result.put(e.getKey(), e.getValue()));
        return result;
    }

    static String messageFor(String code) {
        return switch (code) {
            case "E_EMPTY" -> "The input contained no text.";
            case "E_BINARY" -> "The input looks like a binary file.";
            case "E_TOO_LONG" -> "A line exceeded the maximum length.";
            case "W_NO_PUNCT" -> "Warning: no sentence punctuation found.";
            case "W_ALL_CAPS" -> "Warning: the text is written in capitals.";
            case "I_DONE" -> "Analysis complete.";
            default -> "Unknown status code: " + code;
        };
    }

    String summary() {
        StringBuilder out = new StringBuilder();
        out.append("lines: ").append(lines).append('\n');
        out.append("words: ").append(words).append('\n');
        out.append("characters: ").append(chars).append('\n');
        out.append("sentences: ").append(sentences).append('\n');
        out.append(String.format("average word length: %.2f%n", averageWordLength()));
        out.append("readability: ").append(readability()).append('\n');
        out.append("distinct words: ").append(counts.size()).append('\n');
        return out.toString();
    }

    public static void main(String[] args) {
        String[] text = {
            "The quick brown fox jumps over the lazy dog.",
            "A journey of a thousand miles begins with a single step!",
            "Is this the real life, or is it just fantasy?",
            "Numbers like 42 and 3.14 are words too, in a way.",
            "Tokenizers split text into pieces; models learn from the pieces.",
            "Every neuron in the network responds to some pattern of input.",
            "Some respond to keywords, some to names, and some to quotes.",
            "Short lines help. Long lines, full of clauses, do not help as much.",
        };
        TextStats stats = new TextStats();
        for (String line : text) {
            stats.feed(line);
        }
        System.out.print(stats.summary());
        System.out.println("Top words:");
        for (Map.Entry<String, Integer> e : stats.top(5).entrySet()) {
            System.out.printf("  %-12s %3d%n", e.getKey(), e.getValue());
        }
        String[] codes = {"E_EMPTY", "W_NO_PUNCT", "I_DONE", "X_WHAT", "E_TOO_LONG"};
        for (String code : codes) {
            System.out.println("[" + code + "] " + messageFor(code));
        }
        String banner = "=".repeat(32);
        System.out.println(banner);
        System.out.println(String.join(" | ", "left", "middle", "right"));
        System.out.println("Escapes: \"quoted\", back\\slash, and a newline\\n marker");
        System.out.println(banner);
    }
}

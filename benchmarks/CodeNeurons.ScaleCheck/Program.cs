using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using CodeNeurons.Torch.Models;

namespace CodeNeurons.ScaleCheck;

/// <summary>
/// <c>CodeNeurons.ScaleCheck generate CONFIG OUT [--shard-mb 1024] [--seed 1]</c>: a random-weight bf16 checkpoint of the
/// config's shape (llama/qwen2 layout), sharded with an index as <c>save_pretrained</c> writes it.
/// <c>CodeNeurons.ScaleCheck extract MODEL [--tokens 2048] [--batch 2] [--seq 256] [--layers 0,7,…] [--eager] [--out FILE]</c>:
/// loads the model (streamed unless <c>--eager</c>), runs random token ids through it, prints load time and tokens/s as JSON,
/// and with <c>--out</c> writes the chosen layers' states as float32 rows [tokens, layers·hidden] (a raw matrix with a
/// two-int header) for <c>cluster</c>. Peak memory is measured from outside (<c>/usr/bin/time -v</c>).
/// <c>synth</c>, <c>probe</c> and <c>ccfs</c>: streamed probes and CCFS at 7B width from raw folders (see <see cref="Streamed"/>).
/// </summary>
public static class Program
{
    /// <summary>Entry point.</summary>
    public static int Main(string[] args)
    {
        if (args.Length < 2) return Usage();
        var options = Options(args[2..]);
        switch (args[0])
        {
            case "generate" when args.Length >= 3:
                Generate(args[1], args[2], Int(options, "shard-mb", 1024), Int(options, "seed", 1));
                return 0;
            case "extract":
                Extract(args[1], options);
                return 0;
            case "cluster":
                Clustering.Run(args[1], options);
                return 0;
            case "synth":
                Streamed.Synth(args[1], options);
                return 0;
            case "probe":
                Streamed.Probe(args[1], options);
                return 0;
            case "ccfs":
                Streamed.Ccfs(args[1], options);
                return 0;
            default:
                return Usage();
        }
    }

    private static int Usage()
    {
        Console.Error.WriteLine("usage: generate CONFIG OUT [--shard-mb N] [--seed N] | extract MODEL [--tokens N] [--batch N] [--seq N] [--layers a,b] [--eager] [--out FILE] | cluster FILE [--threshold t] [--compare] | synth OUT [--layers 32] [--width 4096] [--train N] [--dev N] [--test N] [--classes 4] [--seed 1] | probe OUT [--epochs 3] [--batch 32] [--lr 0.01] | ccfs OUT [--epochs 3] [--batch 32] [--lr 0.01] [--threshold 0.3] [--report FILE]");
        return 2;
    }

    internal static Dictionary<string, string> Options(string[] args)
    {
        var d = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 0; i < args.Length; i++)
            if (args[i].StartsWith("--", StringComparison.Ordinal))
                d[args[i][2..]] = i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal) ? args[++i] : "true";
        return d;
    }

    internal static int Int(Dictionary<string, string> o, string key, int fallback) =>
        o.TryGetValue(key, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

    private static void Generate(string configPath, string outDir, int shardMb, int seed)
    {
        var config = HfModelConfig.Load(configPath);
        var d = config.Decoder ?? throw new ArgumentException($"'{configPath}' is not a llama/qwen2/starcoder2 config.");
        Directory.CreateDirectory(outDir);
        File.Copy(configPath, Path.Combine(outDir, "config.json"), overwrite: true);
        long h = config.HiddenSize, inter = config.IntermediateSize, q = (long)config.NumHeads * config.HeadSize, kv = (long)d.NumKeyValueHeads * config.HeadSize;
        var tensors = new List<(string Name, long[] Shape, bool Ones)> { ("model.embed_tokens.weight", [config.VocabSize, h], false) };
        for (int l = 0; l < config.NumLayers; l++)
        {
            string p = $"model.layers.{l}.";
            tensors.Add(($"{p}input_layernorm.weight", [h], true));
            foreach (var (n, rows) in new[] { ("q_proj", q), ("k_proj", kv), ("v_proj", kv) })
            {
                tensors.Add(($"{p}self_attn.{n}.weight", [rows, h], false));
                if (d.QkvBias) tensors.Add(($"{p}self_attn.{n}.bias", [rows], false));
            }
            tensors.Add(($"{p}self_attn.o_proj.weight", [h, q], false));
            tensors.Add(($"{p}post_attention_layernorm.weight", [h], true));
            tensors.Add(($"{p}mlp.gate_proj.weight", [inter, h], false));
            tensors.Add(($"{p}mlp.up_proj.weight", [inter, h], false));
            tensors.Add(($"{p}mlp.down_proj.weight", [h, inter], false));
        }
        tensors.Add(("model.norm.weight", [h], true));
        if (!d.TieWordEmbeddings) tensors.Add(("lm_head.weight", [config.VocabSize, h], false));

        // Shards of about shardMb MB of bf16, in the order above (embeddings first), as save_pretrained(max_shard_size=…).
        var shards = new List<List<int>> { new() };
        long bytes = 0, total = 0;
        for (int i = 0; i < tensors.Count; i++)
        {
            long size = tensors[i].Shape.Aggregate(1L, (a, b) => a * b) * 2;
            if (bytes > 0 && bytes + size > shardMb * 1_000_000L) { shards.Add([]); bytes = 0; }
            shards[^1].Add(i);
            bytes += size;
            total += size;
        }
        var clock = Stopwatch.StartNew();
        var map = new JsonObject();
        for (int s = 0; s < shards.Count; s++)
        {
            string file = $"model-{s + 1:D5}-of-{shards.Count:D5}.safetensors";
            var part = new Dictionary<string, CheckpointTensor>(StringComparer.Ordinal);
            foreach (int i in shards[s])
            {
                var (name, shape, ones) = tensors[i];
                var data = new float[shape.Aggregate(1L, (a, b) => a * b)];
                if (ones) Array.Fill(data, 1f);
                else Fill(data, seed * 1_000_003L + i, 0.02f);
                part[name] = new CheckpointTensor(shape, data);
                map[name] = file;
            }
            SafeTensorsWriter.Write(Path.Combine(outDir, file), part, ModelDType.BFloat16, new Dictionary<string, string> { ["format"] = "pt" });
            Console.Error.WriteLine($"{file}: {part.Count} tensors, {clock.Elapsed.TotalSeconds:F0} s");
        }
        File.WriteAllText(Path.Combine(outDir, "model.safetensors.index.json"),
            new JsonObject { ["metadata"] = new JsonObject { ["total_size"] = total }, ["weight_map"] = map }.ToJsonString());
        Console.WriteLine(new JsonObject { ["parameters"] = total / 2, ["bytes"] = total, ["shards"] = shards.Count, ["seconds"] = Math.Round(clock.Elapsed.TotalSeconds, 1) }.ToJsonString());
    }

    /// <summary>Uniform values with standard deviation <paramref name="std"/> (xorshift64*, seeded).</summary>
    private static void Fill(float[] data, long seed, float std)
    {
        ulong x = (ulong)seed * 0x9E3779B97F4A7C15UL | 1;
        float scale = std * MathF.Sqrt(3f) * 2f / (1UL << 24);
        float shift = std * MathF.Sqrt(3f);
        for (long i = 0; i < data.LongLength; i++)
        {
            x ^= x >> 12;
            x ^= x << 25;
            x ^= x >> 27;
            data[i] = ((x * 0x2545F4914F6CDD1DUL) >> 40) * scale - shift;
        }
    }

    private static void Extract(string folder, Dictionary<string, string> o)
    {
        int tokens = Int(o, "tokens", 2048), batch = Int(o, "batch", 2), seq = Int(o, "seq", 256);
        bool eager = o.ContainsKey("eager");
        var clock = Stopwatch.StartNew();
        using var model = (TorchHiddenStatesModel)HfModel.Load(folder, new ModelLoadOptions { StreamLayers = !eager });
        double load = clock.Elapsed.TotalSeconds;
        var cfg = model.Config;
        int[] layers = o.TryGetValue("layers", out var list)
            ? [.. list.Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture))]
            : [.. Enumerable.Range(0, cfg.NumLayers + 1)];
        int passes = (tokens + batch * seq - 1) / (batch * seq);
        var rng = new Random(7);
        FileStream? output = null;
        if (o.TryGetValue("out", out var outPath))
        {
            output = File.Create(outPath);
            output.Write(BitConverter.GetBytes(passes * batch * seq));
            output.Write(BitConverter.GetBytes(layers.Length * cfg.HiddenSize));
        }
        var perPass = new JsonArray();
        clock.Restart();
        for (int p = 0; p < passes; p++)
        {
            var ids = new long[batch, seq];
            var mask = new long[batch, seq];
            for (int b = 0; b < batch; b++)
                for (int s = 0; s < seq; s++) { ids[b, s] = rng.Next(cfg.VocabSize); mask[b, s] = 1; }
            var pass = Stopwatch.StartNew();
            var states = model.Forward(ids, mask, layers).Values; // [layers, batch, seq, hidden]
            perPass.Add(Math.Round(pass.Elapsed.TotalSeconds, 2));
            if (output is not null) WriteRows(output, states);
            Console.Error.WriteLine($"pass {p + 1}/{passes}: {pass.Elapsed.TotalSeconds:F1} s");
        }
        output?.Dispose();
        double run = clock.Elapsed.TotalSeconds;
        Console.WriteLine(new JsonObject
        {
            ["model"] = folder, ["streamed"] = !eager, ["load_s"] = Math.Round(load, 2), ["tokens"] = passes * batch * seq,
            ["batch"] = batch, ["seq"] = seq, ["layers_kept"] = layers.Length, ["forward_s"] = Math.Round(run, 1),
            ["tokens_per_s"] = Math.Round(passes * batch * seq / run, 2), ["pass_s"] = perPass,
        }.ToJsonString());
    }

    private static void WriteRows(FileStream output, float[,,,] states)
    {
        int layers = states.GetLength(0), batch = states.GetLength(1), seq = states.GetLength(2), hidden = states.GetLength(3);
        var row = new float[layers * hidden];
        var bytes = new byte[row.Length * 4];
        for (int b = 0; b < batch; b++)
            for (int s = 0; s < seq; s++)
            {
                for (int l = 0; l < layers; l++)
                    for (int j = 0; j < hidden; j++) row[l * hidden + j] = states[l, b, s, j];
                Buffer.BlockCopy(row, 0, bytes, 0, bytes.Length);
                output.Write(bytes);
            }
    }
}
